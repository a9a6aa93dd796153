using Connector.Messaging;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.Inventory;

/// <summary>The product-sync queue's message.</summary>
/// <param name="PushAfterSync">Push the shop's stock once the map is fresh (activation).</param>
public sealed record ProductSyncMessage(string ShopId, string Trigger = "schedule", bool PushAfterSync = false);

/// <summary>What a products sync found.</summary>
public sealed record ProductSyncResult(int Products, int SkusMapped, IReadOnlyList<string> Duplicates);

/// <summary>
/// Pages through a shop's TikTok products and replaces its SKU map: seller SKU -> (product id, SKU id, warehouses).
/// A seller SKU on two TikTok SKUs is not mapped (the connector cannot know which one the stock is for): it is named
/// in the run record and in one DuplicateSellerSku support case per shop and set of duplicates.
/// </summary>
public sealed partial class ProductSyncHandler(
    ShopRepository shops,
    SkuMapStore map,
    RunStore runs,
    SupportCaseStore cases,
    MessageQueue messages,
    QueueNames queues,
    ITikTokShopClient tiktok,
    TimeProvider time,
    ILogger<ProductSyncHandler> logger)
{
    /// <summary>TikTok product statuses whose SKUs are not mapped.</summary>
    private static readonly HashSet<string> Gone = new(StringComparer.OrdinalIgnoreCase) { "DELETED" };

    public async Task HandleAsync(ProductSyncMessage message, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ShopId"] = message.ShopId });
        var shop = await shops.GetAsync(message.ShopId, cancellationToken);
        if (shop is null || shop.Status != ShopStatus.Active)
        {
            LogSkipped(message.ShopId, shop is null ? "unknown shop" : "the shop is " + shop.Status);
            return;
        }

        await SyncAsync(shop, message.Trigger, cancellationToken);
        if (message.PushAfterSync && shop.Settings.Inventory is { Enabled: true })
        {
            await messages.SendAsync(queues.InventoryPush, new InventoryPushMessage(shop.ShopId, message.Trigger), cancellationToken);
        }
    }

    /// <summary>Syncs one shop now (on demand: the admin endpoint calls this). Transient TikTok failures rethrow.</summary>
    public async Task<ProductSyncResult> SyncAsync(ShopRecord shop, string trigger, CancellationToken cancellationToken)
    {
        var run = RunRecord.Start(shop.ShopId, RunKinds.ProductSync, trigger, time.GetUtcNow());
        return await runs.RecordAsync(run, async () =>
        {
            var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
            var warehouses = await tiktok.GetWarehousesAsync(reference, cancellationToken);
            var sales = warehouses.Where(w => string.Equals(w.Type, "SALES_WAREHOUSE", StringComparison.OrdinalIgnoreCase)).ToList();
            var defaultWarehouse = (sales.FirstOrDefault(w => w.IsDefault) ?? sales.FirstOrDefault())?.Id;

            var bySku = new Dictionary<string, List<SkuMapEntry>>(StringComparer.Ordinal);
            var products = 0;
            string? pageToken = null;
            do
            {
                var page = await tiktok.SearchProductsAsync(reference, new TikTokProductSearch(), new TikTokPageRequest(pageToken), cancellationToken);
                foreach (var product in page.Products.Where(p => p.Status is null || !Gone.Contains(p.Status)))
                {
                    products++;
                    foreach (var sku in product.Skus.Where(s => !string.IsNullOrWhiteSpace(s.SellerSku)))
                    {
                        var entry = new SkuMapEntry(sku.SellerSku!, product.Id, sku.Id, sku.Inventory.Select(i => i.WarehouseId).Distinct().ToArray());
                        if (!bySku.TryGetValue(entry.SellerSku, out var list))
                        {
                            bySku[entry.SellerSku] = list = [];
                        }

                        if (!list.Any(e => e.ProductId == entry.ProductId && e.SkuId == entry.SkuId))
                        {
                            list.Add(entry);
                        }
                    }
                }

                pageToken = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(pageToken));

            var duplicates = bySku.Where(kv => kv.Value.Count > 1).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
            var mapped = bySku.Where(kv => kv.Value.Count == 1).Select(kv => kv.Value[0]).ToArray();
            await map.ReplaceAsync(shop.ShopId, mapped, new SkuMapInfo(time.GetUtcNow(), defaultWarehouse, sales.Select(w => w.Id).ToArray(), duplicates), cancellationToken);

            var details = new Dictionary<string, string> { ["defaultWarehouseId"] = defaultWarehouse ?? "none" };
            if (duplicates.Length > 0)
            {
                details["duplicateSellerSkus"] = Describe(duplicates, bySku);
                var text = $"Seller SKUs on more than one TikTok product in shop {shop.ShopId}; their stock is not pushed until each is on one product only: "
                    + details["duplicateSellerSkus"];
                await cases.OpenAsync(SupportCaseKind.DuplicateSellerSku, $"duplicate-skus:{shop.ShopId}:{string.Join(',', duplicates)}", text, shop.ShopId, shop.MerchantId, null,
                    cancellationToken);
                LogDuplicates(shop.ShopId, duplicates.Length);
            }

            LogSynced(shop.ShopId, products, mapped.Length, duplicates.Length);
            var finished = run.Succeeded(
                time.GetUtcNow(), new Dictionary<string, long> { ["products"] = products, ["skusMapped"] = mapped.Length, ["duplicates"] = duplicates.Length }, details);
            return (new ProductSyncResult(products, mapped.Length, duplicates), finished);
        }, time, cancellationToken);
    }

    private static string Describe(IEnumerable<string> duplicates, Dictionary<string, List<SkuMapEntry>> bySku) =>
        string.Join("; ", duplicates.Take(50).Select(d => $"{d} (products {string.Join(", ", bySku[d].Select(e => e.ProductId).Distinct())})"))
        + (duplicates.Count() > 50 ? "; ..." : "");

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Products sync of shop {ShopId} skipped: {Reason}")]
    private partial void LogSkipped(string shopId, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Products sync of shop {ShopId}: {Products} products, {Mapped} seller SKUs mapped, {Duplicates} duplicated")]
    private partial void LogSynced(string shopId, int products, int mapped, int duplicates);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Shop {ShopId} has {Count} seller SKUs on more than one TikTok product; they are not pushed")]
    private partial void LogDuplicates(string shopId, int count);
}
