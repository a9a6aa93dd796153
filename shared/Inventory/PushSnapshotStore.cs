using Azure;
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

    /// <summary>Takes the shop's push lease until <paramref name="until"/>; false when another push holds it.</summary>
    public Task<bool> TryLeaseAsync(string shopId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        TryClaimAsync(shopId, LeaseRow, owner, now, until, cancellationToken);

    public async Task ReleaseLeaseAsync(string shopId, string owner, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var current = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shopId), LeaseRow, cancellationToken: cancellationToken);
        if (current.HasValue && current.Value!.GetString("Owner") == owner)
        {
            try
            {
                await table.DeleteEntityAsync(current.Value, current.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
            }
        }
    }

    /// <summary>Marks an early push of the shop as scheduled until <paramref name="until"/>; false when one is already scheduled.</summary>
    public Task<bool> TryMarkFastPathAsync(string shopId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        TryClaimAsync(shopId, FastPathRow, "fastpath", now, until, cancellationToken);

    private async Task<bool> TryClaimAsync(string shopId, string row, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var entity = new TableEntity(TableKeys.Escape(shopId), row) { ["Owner"] = owner, ["Until"] = until };
        var current = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, row, cancellationToken: cancellationToken);
        try
        {
            if (!current.HasValue)
            {
                await table.AddEntityAsync(entity, cancellationToken);
                return true;
            }

            if (current.Value!.GetDateTimeOffset("Until") is { } held && held > now)
            {
                return false;
            }

            await table.UpdateEntityAsync(entity, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
