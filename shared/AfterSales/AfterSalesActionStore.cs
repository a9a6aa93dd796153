using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.AfterSales;

/// <summary>An answer or seller cancellation sent with an idempotency key, and what it answered.</summary>
public sealed record AfterSalesActionRecord(
    string MerchantId,
    string IdempotencyKey,
    string Action,
    string Target,
    string RequestHash,
    bool Done,
    int HttpStatus,
    string? Answer,
    DateTimeOffset CreatedAt,
    ETag ETag);

/// <summary>
/// Table <c>AfterSalesActions</c>: partition = merchant, row = a hash of the idempotency key. The first request with a key
/// claims the row; a repeat with the same key and body answers what the first answered (and never calls TikTok again); the
/// same key with another body is refused. A claim whose call failed for a transient reason is released, so a retry runs again.
/// </summary>
public sealed class AfterSalesActionStore(StorageClients storage, TimeProvider time)
{
    public const string TableName = "AfterSalesActions";

    /// <summary>How long a claim is trusted to be in flight before another request may take it over.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    public static string Row(string idempotencyKey) => TableRows.HashedId("", idempotencyKey, 40);

    /// <summary>Claims the key; answers the existing record instead when someone has it (done, or in flight within its lease).</summary>
    public async Task<(bool Claimed, AfterSalesActionRecord? Existing)> ClaimAsync(string merchantId, string key, string action, string target, string hash,
        CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(merchantId);
        var row = Row(key);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await table.AddEntityAsync(new TableEntity(partition, row)
                {
                    ["IdempotencyKey"] = key, ["Action"] = action, ["Target"] = target, ["RequestHash"] = hash, ["Done"] = false, ["CreatedAt"] = time.GetUtcNow(),
                }, cancellationToken);
                return (true, null);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }

            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                continue;
            }

            var existing = FromEntity(merchantId, found.Value!);
            if (existing.Done || existing.RequestHash != hash || existing.CreatedAt + ClaimLease > time.GetUtcNow())
            {
                return (false, existing);
            }

            // An abandoned claim (its process died mid-call): take it over.
            var entity = found.Value!;
            entity["CreatedAt"] = time.GetUtcNow();
            try
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return (true, null);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
            }
        }

        throw new ConcurrencyConflictException($"Idempotency key of merchant {merchantId} is contended.");
    }

    public async Task CompleteAsync(string merchantId, string key, int httpStatus, string answer, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(merchantId), Row(key))
        {
            ["Done"] = true, ["HttpStatus"] = httpStatus, ["Answer"] = answer,
        }, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Forgets a claim whose call did not happen or failed transiently, so the same key can run again.</summary>
    public async Task ReleaseAsync(string merchantId, string key, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.DeleteEntityAsync(TableKeys.Escape(merchantId), Row(key), ETag.All, cancellationToken);
    }

    private static AfterSalesActionRecord FromEntity(string merchantId, TableEntity e) => new(
        merchantId,
        e.GetString("IdempotencyKey") ?? "",
        e.GetString("Action") ?? "",
        e.GetString("Target") ?? "",
        e.GetString("RequestHash") ?? "",
        e.GetBoolean("Done") ?? false,
        e.GetInt32("HttpStatus") ?? 0,
        e.GetString("Answer"),
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.ETag);
}
