namespace Connector.Inventory;

public sealed record WarehouseQuantity(string WarehouseId, int Quantity);

public sealed record SkuPush(string SellerSku, string SkuId, IReadOnlyList<WarehouseQuantity> Warehouses);

/// <summary>One TikTok call: a product and its changed SKUs.</summary>
public sealed record ProductPush(string ProductId, IReadOnlyList<SkuPush> Skus);

public sealed record InventoryPlan(IReadOnlyList<ProductPush> Products, int SkusMapped, int SkusUnreported, IReadOnlyDictionary<string, string> Details);

/// <summary>
/// Works out what a push sends. Pure (no I/O), so each rule is easy to pin:
/// <list type="bullet">
/// <item>only mapped SKUs (and, with an allow-list, only those) are considered;</item>
/// <item>Total mode: the sum over every location goes to the default warehouse; Locations mode: each mapped location's
/// quantity goes to its warehouse (locations sharing a warehouse add up, other locations are ignored, a reported SKU
/// without stock at a mapped location gets 0 there);</item>
/// <item>a SKU the back office never reported is left alone, or pushed as 0 when the shop says so;</item>
/// <item><see cref="InventoryRules.Listed"/> applies threshold, buffer and cap per warehouse; quantities above TikTok's
/// maximum are clamped to it and noted in <see cref="InventoryPlan.Details"/> (<c>clampedToTikTokMax</c>);</item>
/// <item>a SKU goes out when one of its warehouses differs from the snapshot (or always, on a full resync); the SKUs
/// going out are grouped by product.</item>
/// </list>
/// </summary>
public static class InventoryPlanner
{
    public static InventoryPlan Plan(
        IReadOnlyList<SkuMapEntry> map,
        SkuMapInfo? info,
        IReadOnlyList<StockLevel> stock,
        InventorySettings settings,
        IReadOnlyDictionary<(string SkuId, string WarehouseId), int> snapshot,
        bool fullResync)
    {
        var details = new Dictionary<string, string>();
        if (info is null)
        {
            details["note"] = "no products sync has run for this shop yet: nothing to push";
            return new InventoryPlan([], 0, 0, details);
        }

        var bySku = stock.GroupBy(l => l.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var allow = settings.SkuAllowList.Count > 0 ? settings.SkuAllowList.ToHashSet(StringComparer.Ordinal) : null;
        var defaultWarehouse = string.IsNullOrWhiteSpace(settings.DefaultWarehouseId) ? info.DefaultWarehouseId : settings.DefaultWarehouseId;
        if (settings.Mode == InventoryMode.Total && defaultWarehouse is null)
        {
            details["note"] = "the shop has no default sales warehouse on TikTok: nothing to push";
            return new InventoryPlan([], 0, 0, details);
        }

        var targets = settings.Mode == InventoryMode.Total
            ? [defaultWarehouse!]
            : settings.LocationWarehouses.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var mapped = 0;
        var unreported = 0;
        var clamped = new List<string>();
        var changed = new List<(string ProductId, SkuPush Sku)>();
        foreach (var entry in map)
        {
            if (allow is not null && !allow.Contains(entry.SellerSku))
            {
                continue;
            }

            mapped++;
            var reported = bySku.TryGetValue(entry.SellerSku, out var skuLevels);
            if (!reported)
            {
                unreported++;
                if (!settings.ZeroUnreportedSkus)
                {
                    continue;
                }
            }

            var quantities = targets.Select(warehouse =>
            {
                var (listed, clampedToTikTok, wanted) = InventoryRules.Compute(Available(skuLevels, warehouse, settings), settings);
                if (clampedToTikTok)
                {
                    clamped.Add($"{entry.SellerSku} (warehouse {warehouse}): {wanted} -> {listed}");
                }

                return new WarehouseQuantity(warehouse, listed);
            }).ToArray();
            if (fullResync || quantities.Any(q => !snapshot.TryGetValue((entry.SkuId, q.WarehouseId), out var last) || last != q.Quantity))
            {
                changed.Add((entry.ProductId, new SkuPush(entry.SellerSku, entry.SkuId, quantities)));
            }
        }

        if (clamped.Count > 0)
        {
            // TikTok refuses more than its maximum: the quantity goes out clamped, and the run record says so.
            details["clampedToTikTokMax"] = $"{clamped.Count} SKU quantities above TikTok's maximum of {InventoryRules.TikTokMaxQuantity} were listed as {InventoryRules.TikTokMaxQuantity}: "
                + string.Join("; ", clamped.Take(20)) + (clamped.Count > 20 ? "; ..." : "");
        }

        var products = changed.GroupBy(c => c.ProductId, StringComparer.Ordinal)
            .Select(g => new ProductPush(g.Key, g.Select(c => c.Sku).ToArray()))
            .ToArray();
        return new InventoryPlan(products, mapped, unreported, details);
    }

    private static long Available(List<StockLevel>? levels, string warehouse, InventorySettings settings)
    {
        if (levels is null)
        {
            return 0;
        }

        return settings.Mode == InventoryMode.Total
            ? levels.Sum(l => Math.Max(0, l.Quantity))
            : levels.Where(l => settings.LocationWarehouses.TryGetValue(l.Location, out var w) && w == warehouse).Sum(l => Math.Max(0, l.Quantity));
    }

    /// <summary>What a shop lists of one SKU now, per warehouse (for the stock-out check): null when the shop does not push it.</summary>
    public static IReadOnlyList<long> AvailableForThreshold(IReadOnlyList<StockLevel> skuLevels, InventorySettings settings)
    {
        if (settings.Mode == InventoryMode.Total)
        {
            return [skuLevels.Sum(l => Math.Max(0, l.Quantity))];
        }

        return settings.LocationWarehouses.Values.Distinct(StringComparer.Ordinal)
            .Select(w => skuLevels.Where(l => settings.LocationWarehouses.TryGetValue(l.Location, out var lw) && lw == w).Sum(l => Math.Max(0, l.Quantity)))
            .ToArray();
    }
}
