using Connector.TikTok.Api;

namespace Connector.Orders;

/// <summary>TikTok's order as the connector stores it: lines per SKU, exact amounts, the recipient a warehouse needs.</summary>
public static class OrderMapper
{
    public const string UnknownSku = "(no seller SKU)";

    public static IReadOnlyList<OrderLine> AggregateLines(IEnumerable<TikTokLineItem> items) =>
        items
            .GroupBy(i => (Sku: string.IsNullOrWhiteSpace(i.SellerSku) ? UnknownSku : i.SellerSku.Trim(), i.SkuId))
            .Select(g =>
            {
                var first = g.First();
                var cancelled = g.Count(i => string.Equals(i.DisplayStatus, TikTokOrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase));
                return new OrderLine(g.Key.Sku, g.Key.SkuId, first.ProductId, first.ProductName, first.SkuName, g.Count(), first.SalePrice, g.Select(i => i.Id).ToArray(), cancelled);
            })
            .OrderBy(l => l.Sku, StringComparer.Ordinal)
            .ToArray();

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
            District("city", "L3"),
            District("state", "province", "L1"),
            address.RegionCode,
            address.FullAddress);
    }
}
