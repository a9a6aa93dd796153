using Connector.Http;

namespace Connector.Labels;

/// <summary>A label as the back office sees it (GET, the order's list, and inside <see cref="LabelAnswer"/> and a failed label's problem).</summary>
public sealed record LabelView(
    string LabelId, string MerchantId, string ShopId, string OrderId, IReadOnlyList<string> CombinedOrderIds, string Status, string? Flow, IReadOnlyList<LabelLineView> Lines,
    bool AllLines, ParcelWeight Weight, ParcelDimensions? Dimensions, string? PackageId, string? TrackingNumber, CarrierView? Carrier, LabelServiceView? ShippingService,
    HandoverView Handover, string LabelSize, IReadOnlyList<LabelDocumentView> Documents, string? LabelUrl, string? PackingSlipUrl, string? PackingSlipNote,
    IReadOnlyDictionary<string, IReadOnlyList<string>> LineItemIds, string IdempotencyKey, string? Error, long? TikTokCode, string? TikTokRequestId, string? SupportCaseId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static LabelView Of(Label l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return new LabelView(
            l.LabelId, l.MerchantId, l.ShopId, l.OrderId, l.CombinedOrderIds, l.Status.ToString(), l.Flow?.ToString(), l.Lines.Select(x => new LabelLineView(x.Sku, x.Quantity)).ToList(),
            l.AllLines, new ParcelWeight(l.Weight.Value, l.Weight.Unit), l.Dimensions is { } d ? new ParcelDimensions(d.Length, d.Width, d.Height, d.Unit) : null, l.PackageId,
            l.TrackingNumber, l.Service is { } s ? new CarrierView(s.ShippingProviderId, s.ShippingProviderName) : null,
            l.Service is { } service
                ? new LabelServiceView(service.Id, service.Name, service.Price, service.Currency, service.EarliestDeliveryDays, service.LatestDeliveryDays, service.Choice)
                : null,
            new HandoverView(l.HandoverMethod, l.PickupSlot, l.Handover), l.DocumentSize,
            l.Documents.Select(doc => new LabelDocumentView(doc.Kind, LabelLocations.Document(l, doc.Kind), doc.Bytes, doc.Sha256, doc.DocumentSize)).ToList(),
            l.Documents.Any(doc => doc.Kind == LabelDocumentKinds.Label) ? LabelLocations.Document(l, LabelDocumentKinds.Label) : null,
            l.Documents.Any(doc => doc.Kind == LabelDocumentKinds.PackingSlip) ? LabelLocations.Document(l, LabelDocumentKinds.PackingSlip) : null,
            l.PackingSlipNote,
            l.OrderLineItemIds.Count > 0 ? l.OrderLineItemIds : new Dictionary<string, IReadOnlyList<string>> { [l.OrderId] = l.LineItemIds },
            l.IdempotencyKey, l.Error, l.TikTokCode, l.TikTokRequestId, l.SupportCaseId, l.CreatedAt, l.UpdatedAt);
    }
}

public sealed record LabelLineView(string Sku, int Quantity);

/// <summary>A carrier: TikTok's shipping provider id and name.</summary>
public sealed record CarrierView(string? Id, string? Name);

public sealed record LabelServiceView(string Id, string? Name, decimal? Price, string? Currency, int? EarliestDeliveryDays, int? LatestDeliveryDays, string Choice);

public sealed record HandoverView(string? Method, PickupSlot? PickupSlot, HandoverOptions? Options);

public sealed record LabelDocumentView(string Kind, string Url, long Bytes, string Sha256, string? Size);

/// <summary>201 (bought), 200 (a replay of a bought label) or 202 (queued) to POST .../labels.</summary>
public sealed record LabelAnswer(string LabelId, string Status, string Location, bool Replayed, LabelView Label);

/// <summary>200 to GET .../orders/{orderId}/labels: every label asked for the order, newest first.</summary>
public sealed record OrderLabels(string MerchantId, string OrderId, IReadOnlyList<LabelView> Labels);

/// <summary>200 to POST .../shipping-services: <see cref="ShippingServicesQuote"/>, or <see cref="TikTokMadePackageQuote"/> when TikTok made the package.</summary>
public abstract record ShippingQuote;

/// <summary>What TikTok would sell a label for this parcel, and which service a label request would buy.</summary>
public sealed record ShippingServicesQuote(
    string OrderId, string ShopId, string Flow, ParcelWeight Weight, ParcelDimensions? Dimensions, IReadOnlyList<ShippingServiceView> Services, ServiceChoiceView? WouldBuy)
    : ShippingQuote;

/// <summary>The units are in a package TikTok made (UK/EU): TikTok assigns its carrier, there is no service to choose.</summary>
public sealed record TikTokMadePackageQuote(string OrderId, string ShopId, string Flow, string? PackageId, IReadOnlyList<ShippingServiceView> Services, string Note) : ShippingQuote;

public sealed record ShippingServiceView(
    string Id, string? Name, decimal? Price, string? Currency, int? EarliestDeliveryDays, int? LatestDeliveryDays, bool IsTikTokDefault, bool IsShopDefault, CarrierView Carrier);

public sealed record ServiceChoiceView(string Id, string? Name, string Choice);

/// <summary>Where a label and its documents are read.</summary>
public static class LabelLocations
{
    public static string Of(Label label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return $"/api/merchants/{Uri.EscapeDataString(label.MerchantId)}/labels/{label.LabelId}";
    }

    public static string Document(Label label, string kind) => $"{Of(label)}/documents/{kind}";
}

/// <summary>A label refusal (its HTTP status kept on the label) as the edge's typed refusal.</summary>
public static class LabelRefusals
{
    public static Refusal ToRefusal(this LabelRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new Refusal(KindOf(refusal.Status), refusal.Detail) { Title = refusal.Title };
    }

    /// <summary>The refusal kind of a stored failure status (422 when it is not one the API answers).</summary>
    public static RefusalKind KindOf(int status) => status switch
    {
        400 => RefusalKind.Invalid,
        403 => RefusalKind.Forbidden,
        404 => RefusalKind.NotFound,
        409 => RefusalKind.Conflict,
        429 => RefusalKind.TooManyRequests,
        502 => RefusalKind.BadGateway,
        503 => RefusalKind.Unavailable,
        _ => RefusalKind.Unprocessable,
    };
}
