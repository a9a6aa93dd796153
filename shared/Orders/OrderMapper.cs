using Connector.TikTok.Api;

namespace Connector.Orders;

/// <summary>TikTok's order as the connector stores it: lines per SKU, exact amounts, the recipient a warehouse needs.</summary>
public static class OrderMapper
{
    public const string UnknownSku = "(no seller SKU)";

    /// <summary>
    /// One line per seller SKU. A virtual bundle's line items (<c>combined_listing_skus</c>, order detail only) become
    /// lines of their component SKUs, <c>sku_count</c> units per bundle unit, naming the bundle: the warehouse picks
    /// the components, and the catalog check looks for them, not for the bundle SKU.
    /// </summary>
    public static IReadOnlyList<OrderLine> AggregateLines(IEnumerable<TikTokLineItem> items)
    {
        var units = new List<(string Sku, string SkuId, string? ProductId, string? ProductName, string? SkuName, int Count, decimal? Price, string LineItemId,
            string? BundleSku, string? BundleSkuId, bool Cancelled)>();
        foreach (var item in items)
        {
            var sku = SellerSku(item.SellerSku);
            var cancelled = string.Equals(item.DisplayStatus, TikTokOrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase);
            if (item.CombinedListingSkus is { Count: > 0 } components)
            {
                foreach (var component in components)
                {
                    units.Add((SellerSku(component.SellerSku), component.SkuId, component.ProductId, item.ProductName, null, Math.Max(1, component.SkuCount), null, item.Id,
                        sku, item.SkuId, cancelled));
                }
            }
            else
            {
                units.Add((sku, item.SkuId, item.ProductId, item.ProductName, item.SkuName, 1, item.SalePrice, item.Id, null, null, cancelled));
            }
        }

        return units
            .GroupBy(u => (u.Sku, u.SkuId, u.BundleSkuId))
            .Select(g =>
            {
                var first = g.First();
                return new OrderLine(g.Key.Sku, g.Key.SkuId, first.ProductId, first.ProductName, first.SkuName, g.Sum(u => u.Count), first.Price,
                    g.Select(u => u.LineItemId).Distinct(StringComparer.Ordinal).ToArray(), first.BundleSku, first.BundleSkuId, g.Where(u => u.Cancelled).Sum(u => u.Count));
            })
            .OrderBy(l => l.Sku, StringComparer.Ordinal)
            .ThenBy(l => l.BundleSkuId, StringComparer.Ordinal)
            .ToArray();
    }

    private static string SellerSku(string? sku) => string.IsNullOrWhiteSpace(sku) ? UnknownSku : sku.Trim();

    public static OrderAmounts Amounts(TikTokPayment? payment) => new(
        payment?.Currency,
        payment?.SubTotal,
        payment?.ShippingFee,
        payment?.Tax,
        payment?.SellerDiscount,
        payment?.PlatformDiscount,
        payment?.TotalAmount);

    public static OrderRecipient? Recipient(TikTokRecipientAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        string? District(params string[] levels) =>
            address.DistrictInfo.FirstOrDefault(d => levels.Contains(d.AddressLevelName ?? d.AddressLevel, StringComparer.OrdinalIgnoreCase))?.AddressName;

        var lines = new[] { address.AddressLine1, address.AddressLine2, address.AddressLine3, address.AddressLine4 }
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => l!)
            .ToArray();
        return new OrderRecipient(
            address.Name,
            address.PhoneNumber,
            lines,
            address.PostalCode,
            District("city", "L3") ?? address.PostTown,
            District("state", "province", "L1"),
            address.RegionCode,
            address.FullAddress);
    }
}
