using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Webhooks;

/// <summary>A reverse order (type 2) or return (type 12) status change as TikTok announced it, kept for the returns work.</summary>
public sealed record ReverseEvent
{
    public required string ShopId { get; init; }
    public required string NotificationId { get; init; }
    public int Type { get; init; }
    public string? OrderId { get; init; }

    /// <summary>reverse_order_id (type 2) or return_id (type 12).</summary>
    public string? ReverseId { get; init; }
    public string? Status { get; init; }
    public long? UpdateTime { get; init; }

    /// <summary>TikTok's <c>data</c> object as received (ids and statuses; no buyer data in these types).</summary>
    public string Data { get; init; } = "{}";
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>Table <c>ReverseEvents</c>: partition = shop, row = notification id (a redelivery writes the same row).</summary>
public sealed class ReverseEventStore(StorageClients storage)
{
    public const string TableName = "ReverseEvents";

    /// <summary>Removes every row of a shop (shop deletion); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return await TableRows.DeletePartitionAsync(table, TableKeys.Escape(shopId), cancellationToken);
    }

    public async Task SaveAsync(ReverseEvent e, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(e.ShopId), TableKeys.Escape(e.NotificationId))
        {
            ["Type"] = e.Type,
            ["OrderId"] = e.OrderId,
            ["ReverseId"] = e.ReverseId,
            ["Status"] = e.Status,
            ["UpdateTime"] = e.UpdateTime,
            ["Data"] = e.Data,
            ["ReceivedAt"] = e.ReceivedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>A shop's reverse events, oldest TikTok update first.</summary>
    public async Task<IReadOnlyList<ReverseEvent>> ListAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var list = new List<ReverseEvent>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))}", cancellationToken: cancellationToken))
        {
            list.Add(new ReverseEvent
            {
                ShopId = shopId,
                NotificationId = TableKeys.Unescape(e.RowKey),
                Type = e.GetInt32("Type") ?? 0,
                OrderId = e.GetString("OrderId"),
                ReverseId = e.GetString("ReverseId"),
                Status = e.GetString("Status"),
                UpdateTime = e.GetInt64("UpdateTime"),
                Data = e.GetString("Data") ?? "{}",
                ReceivedAt = e.GetDateTimeOffset("ReceivedAt") ?? default,
            });
        }

        return list.OrderBy(r => r.UpdateTime ?? 0).ToList();
    }
}
