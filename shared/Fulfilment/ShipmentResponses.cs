namespace Connector.Fulfilment;

/// <summary>A shipment as the back office sees it (GET, the list, and inside <see cref="ShipmentAccepted"/>).</summary>
public sealed record ShipmentView(
    string ShipmentId, string MerchantId, string ShopId, string OrderId, string Status, string Action, IReadOnlyList<ShipmentLineView> Lines, bool AllLines,
    string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, string IdempotencyKey, string? ShippingProviderId, string? ShippingProviderName,
    string? CarrierMatch, string? PackageId, IReadOnlyList<string>? LineItemIds, string? Warning, string? Error, long? TikTokCode, string? TikTokRequestId,
    string? SupportCaseId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ShipmentView Of(Shipment s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new ShipmentView(
            s.ShipmentId, s.MerchantId, s.ShopId, s.OrderId, s.Status.ToString(), s.Action.ToString(), s.Lines.Select(l => new ShipmentLineView(l.Sku, l.Quantity)).ToList(),
            s.AllLines, s.Carrier, s.TrackingNumber, s.ShippedAt, s.IdempotencyKey, s.ShippingProviderId, s.ShippingProviderName, s.CarrierMatch?.ToString(), s.PackageId,
            s.LineItemIds, s.Warning, s.Error, s.TikTokCode, s.TikTokRequestId, s.SupportCaseId, s.CreatedAt, s.UpdatedAt);
    }
}

public sealed record ShipmentLineView(string Sku, int Quantity);

/// <summary>202 to POST: the shipment is stored and queued (or was, for a replay of the same key).</summary>
public sealed record ShipmentAccepted(string ShipmentId, string Status, string Location, bool Replayed, ShipmentView Shipment);

/// <summary>A page of shipments; <c>asOf</c> is the next <c>changedSince</c> for a warehouse that polls.</summary>
public sealed record ShipmentPage(IReadOnlyList<ShipmentView> Shipments, string? ContinuationToken, DateTime AsOf);
