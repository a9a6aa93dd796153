using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Webhooks;

public enum NotificationState
{
    /// <summary>A worker holds it (until LeaseUntil); if it fails, its retried message takes it again.</summary>
    Processing,
    Done,
}

/// <summary>What happened to one notification (support reads it next to the order's Source "webhook").</summary>
public sealed record NotificationRecord
{
    public required string ShopId { get; init; }
    public required string NotificationId { get; init; }
    public int Type { get; init; }
    public string AppKey { get; init; } = "";
    public NotificationState State { get; init; }
    public string? Outcome { get; init; }
    public string? OrderId { get; init; }
    public string? Detail { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? ProcessedAt { get; init; }
}

public enum ClaimResult
{
    /// <summary>This delivery processes the notification.</summary>
    Claimed,

    /// <summary>Processed before: acknowledge the duplicate.</summary>
    AlreadyProcessed,

    /// <summary>Another delivery of the same notification is being processed right now.</summary>
    InProgressElsewhere,
}

/// <summary>
/// Table <c>WebhookNotifications</c>: partition = shop, row = <c>tts_notification_id</c>. Deduplicates deliveries:
/// the first one inserts the row (Processing, owner = its delivery id, a lease); a second delivery gets 409 and sees
/// Done (acknowledged) or a live lease (comes back later). A delivery whose processing failed keeps the row Processing,
/// so its retried message (same owner) or anyone after the lease processes it again. Done is written only after success.
/// </summary>
public sealed class NotificationStore(StorageClients storage)
{
    public const string TableName = "WebhookNotifications";

    /// <summary>Removes every row of a shop (shop deletion); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return await TableRows.DeletePartitionAsync(table, TableKeys.Escape(shopId), cancellationToken);
    }

    /// <summary>How long a claim keeps a second delivery of the same notification waiting.</summary>
    public static readonly TimeSpan ProcessingLease = TimeSpan.FromMinutes(2);

    public async Task<(ClaimResult Result, TimeSpan RetryAfter)> ClaimAsync(WebhookMessage message, string shopId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var (partition, row) = Keys(shopId, message.NotificationId);
        // A row deleted (404) or changed (412) between our read and our write: claim again.
        return await OptimisticConcurrency.RetryAsync<(ClaimResult, TimeSpan)>(async _ =>
        {
            try
            {
                await table.AddEntityAsync(new TableEntity(partition, row)
                {
                    ["Type"] = message.Type,
                    ["AppKey"] = message.AppKey,
                    ["State"] = nameof(NotificationState.Processing),
                    ["Owner"] = message.DeliveryId,
                    ["LeaseUntil"] = now + ProcessingLease,
                    ["Attempts"] = 1,
                    ["ReceivedAt"] = message.ReceivedAt,
                }, cancellationToken);
                return (ClaimResult.Claimed, TimeSpan.Zero);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }

            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                throw new ConcurrencyConflictException($"Notification {message.NotificationId} was removed while being claimed.");
            }

            var entity = existing.Value!;
            if (entity.GetString("State") == nameof(NotificationState.Done))
            {
                return (ClaimResult.AlreadyProcessed, TimeSpan.Zero);
            }

            var leaseUntil = entity.GetDateTimeOffset("LeaseUntil") ?? default;
            if (entity.GetString("Owner") != message.DeliveryId && leaseUntil > now)
            {
                return (ClaimResult.InProgressElsewhere, leaseUntil - now);
            }

            entity["Owner"] = message.DeliveryId;
            entity["LeaseUntil"] = now + ProcessingLease;
            entity["Attempts"] = (entity.GetInt32("Attempts") ?? 0) + 1;
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            return (ClaimResult.Claimed, TimeSpan.Zero);
        }, e => OptimisticConcurrency.IsConflict(e) || e is RequestFailedException { Status: 404 });
    }

    /// <summary>Marks the notification processed (only after the work succeeded), with what happened.</summary>
    public async Task CompleteAsync(WebhookMessage message, string shopId, string outcome, string? orderId, string? detail, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var (partition, row) = Keys(shopId, message.NotificationId);
        await table.UpsertEntityAsync(new TableEntity(partition, row)
        {
            ["Type"] = message.Type,
            ["AppKey"] = message.AppKey,
            ["State"] = nameof(NotificationState.Done),
            ["Outcome"] = outcome,
            ["OrderId"] = orderId,
            ["Detail"] = detail,
            ["ProcessedAt"] = now,
            ["ReceivedAt"] = message.ReceivedAt,
        }, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<NotificationRecord?> GetAsync(string shopId, string notificationId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var (partition, row) = Keys(shopId, notificationId);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    /// <summary>A shop's notifications (tests and small admin views).</summary>
    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var list = new List<NotificationRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))}", cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(e));
        }

        return list;
    }

    private static (string Partition, string Row) Keys(string shopId, string notificationId) => (TableKeys.Escape(shopId), TableKeys.Escape(notificationId));

    private static NotificationRecord FromEntity(TableEntity e) => new()
    {
        ShopId = TableKeys.Unescape(e.PartitionKey),
        NotificationId = TableKeys.Unescape(e.RowKey),
        Type = e.GetInt32("Type") ?? 0,
        AppKey = e.GetString("AppKey") ?? "",
        State = Enum.Parse<NotificationState>(e.GetString("State") ?? nameof(NotificationState.Processing)),
        Outcome = e.GetString("Outcome"),
        OrderId = e.GetString("OrderId"),
        Detail = e.GetString("Detail"),
        Attempts = e.GetInt32("Attempts") ?? 0,
        ReceivedAt = e.GetDateTimeOffset("ReceivedAt") ?? default,
        ProcessedAt = e.GetDateTimeOffset("ProcessedAt"),
    };
}
