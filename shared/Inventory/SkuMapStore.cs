using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Inventory;

/// <summary>Where a seller SKU lives on TikTok in one shop.</summary>
/// <param name="Warehouses">The warehouses TikTok holds stock of the SKU in.</param>
public sealed record SkuMapEntry(string SellerSku, string ProductId, string SkuId, IReadOnlyList<string> Warehouses);

/// <summary>What the last products sync learnt about the shop besides the SKUs.</summary>
/// <param name="DefaultWarehouseId">The shop's default sales warehouse (null: none found).</param>
/// <param name="Duplicates">Seller SKUs on more than one TikTok SKU: not mapped, reported.</param>
public sealed record SkuMapInfo(DateTimeOffset SyncedAt, string? DefaultWarehouseId, IReadOnlyList<string> SalesWarehouseIds, IReadOnlyList<string> Duplicates);

/// <summary>
/// The SKU map in table <c>InventorySkuMap</c>: partition = shop, rows <c>s|{seller SKU}</c> (product, SKU, warehouses)
/// and one <c>info</c> row (default warehouse, duplicates, when). A products sync replaces a shop's map.
/// </summary>
public sealed class SkuMapStore(StorageClients storage)
{
    public const string TableName = "InventorySkuMap";

    /// <summary>Removes every row of a shop (shop deletion); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return await TableRows.DeletePartitionAsync(table, TableKeys.Escape(shopId), cancellationToken);
    }
    private const string SkuPrefix = "s|";
    private const string InfoRow = "info";

    public async Task ReplaceAsync(string shopId, IReadOnlyCollection<SkuMapEntry> entries, SkuMapInfo info, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(shopId);
        var keep = entries.Select(e => SkuPrefix + TableKeys.Escape(e.SellerSku)).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(partition)}", select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (e.RowKey.StartsWith(SkuPrefix, StringComparison.Ordinal) && !keep.Contains(e.RowKey))
            {
                stale.Add(e.RowKey);
            }
        }

        var actions = entries.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, SkuPrefix + TableKeys.Escape(e.SellerSku))
            {
                ["SellerSku"] = e.SellerSku,
                ["ProductId"] = e.ProductId,
                ["SkuId"] = e.SkuId,
                ["Warehouses"] = string.Join(',', e.Warehouses),
            }))
            .Concat(stale.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), Azure.ETag.All)));
        await TableRows.SubmitAsync(table, actions, cancellationToken);

        await table.UpsertEntityAsync(new TableEntity(partition, InfoRow)
        {
            ["SyncedAt"] = info.SyncedAt,
            ["DefaultWarehouseId"] = info.DefaultWarehouseId,
            ["SalesWarehouseIds"] = string.Join(',', info.SalesWarehouseIds),
            ["Duplicates"] = System.Text.Json.JsonSerializer.Serialize(info.Duplicates),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The shop's map; Info is null when no products sync has run yet.</summary>
    public async Task<(IReadOnlyList<SkuMapEntry> Entries, SkuMapInfo? Info)> GetAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var entries = new List<SkuMapEntry>();
        SkuMapInfo? info = null;
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))}", cancellationToken: cancellationToken))
        {
            if (e.RowKey == InfoRow)
            {
                info = new SkuMapInfo(
                    e.GetDateTimeOffset("SyncedAt") ?? default,
                    e.GetString("DefaultWarehouseId"),
                    Split(e.GetString("SalesWarehouseIds")),
                    System.Text.Json.JsonSerializer.Deserialize<string[]>(e.GetString("Duplicates") ?? "[]") ?? []);
            }
            else
            {
                entries.Add(new SkuMapEntry(e.GetString("SellerSku") ?? "", e.GetString("ProductId") ?? "", e.GetString("SkuId") ?? "", Split(e.GetString("Warehouses"))));
            }
        }

        return (entries, info);
    }

    private static string[] Split(string? value) => string.IsNullOrEmpty(value) ? [] : value.Split(',');
}
