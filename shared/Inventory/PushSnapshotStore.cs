using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Inventory;

/// <summary>
/// What was last pushed to TikTok, in table <c>InventorySnapshots</c>: partition = shop, row <c>q|{sku id}|{warehouse id}</c>
/// = the quantity TikTok accepted. Also the shop's push lease (<c>lease</c>: one push per shop at a time, so an older
/// computation never overwrites a newer one on TikTok) and the stock-out marker (<c>fastpath</c>: one early push per shop
/// per delay).
/// </summary>
public sealed class PushSnapshotStore(StorageClients storage)
{
    public const string TableName = "InventorySnapshots";

    /// <summary>Removes every row of a shop (shop deletion); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return await TableRows.DeletePartitionAsync(table, TableKeys.Escape(shopId), cancellationToken);
    }
    private const string QuantityPrefix = "q|";
    private const string LeaseRow = "lease";
    private const string FastPathRow = "fastpath";

    public async Task<Dictionary<(string SkuId, string WarehouseId), int>> GetAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(shopId)} and RowKey ge {QuantityPrefix} and RowKey lt {"q}"}");
        var snapshot = new Dictionary<(string, string), int>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            snapshot[(e.GetString("SkuId") ?? "", e.GetString("WarehouseId") ?? "")] = e.GetInt32("Quantity") ?? 0;
        }

        return snapshot;
    }

    public async Task SaveAsync(string shopId, string productId, IEnumerable<(string SkuId, string WarehouseId, int Quantity)> pushed, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(shopId);
        foreach (var chunk in pushed.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(partition, QuantityPrefix + TableKeys.Escape(p.SkuId) + "|" + TableKeys.Escape(p.WarehouseId))
                {
                    ["SkuId"] = p.SkuId, ["WarehouseId"] = p.WarehouseId, ["ProductId"] = productId, ["Quantity"] = p.Quantity, ["PushedAt"] = at,
                })), cancellationToken);
        }
    }

    /// <summary>Takes the shop's push lease until <paramref name="until"/>; null when another push holds it. Dispose to release.</summary>
    public async Task<TableLease.Held?> TryLeaseAsync(string shopId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await TableLease.TryAcquireAsync(await storage.TableAsync(TableName, cancellationToken), TableKeys.Escape(shopId), LeaseRow, now, until, cancellationToken);

    /// <summary>Marks an early push of the shop as scheduled until <paramref name="until"/>; false when one is already scheduled.</summary>
    public async Task<bool> TryMarkFastPathAsync(string shopId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await TableLease.TryAcquireAsync(await storage.TableAsync(TableName, cancellationToken), TableKeys.Escape(shopId), FastPathRow, now, until, cancellationToken) is not null;
}
