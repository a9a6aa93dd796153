namespace Connector.Orders;

/// <summary>The connector's view of an order, as support and the back office see it.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<OrderState>))]
public enum OrderState
{
    /// <summary>TikTok holds new orders for about an hour; the buyer may still change or cancel.</summary>
    OnHold,

    /// <summary>Some seller SKUs are not in the merchant's catalog (listed in <see cref="StoredOrder.MissingSkus"/>).</summary>
    Pending,

    ReadyToFulfil,

    /// <summary>The back office has taken the order.</summary>
    Released,

    /// <summary>
    /// The buyer asked TikTok to cancel: do not pick or ship until the request is answered (reason and TikTok's deadline in
    /// <see cref="StoredOrder.CancellationRequest"/>). Approved: the order becomes Cancelled; rejected or withdrawn: it goes back.
    /// </summary>
    CancellationRequested,

    Cancelled,

    /// <summary>Cancelled on TikTok after the back office took it: a support case is opened.</summary>
    CancelledAfterRelease,

    Shipped,

    Completed,
}

/// <summary>
/// One line per seller SKU: TikTok sends one line item per unit, the connector adds them up. A virtual bundle's line
/// items are expanded into their component SKUs (what the warehouse picks): such a line names the bundle in
/// <see cref="BundleSku"/> / <see cref="BundleSkuId"/>, its <see cref="LineItemIds"/> are the bundle's line items and it has
/// no unit price of its own (the price is the bundle's).
/// </summary>
public sealed record OrderLine(
    string Sku,
    string SkuId,
    string? ProductId,
    string? ProductName,
    string? SkuName,
    int Quantity,
    decimal? UnitPrice,
    IReadOnlyList<string> LineItemIds,
    string? BundleSku = null,
    string? BundleSkuId = null,
    int CancelledQuantity = 0);

/// <summary>What a warehouse needs of the recipient.</summary>
public sealed record OrderRecipient(
    string? Name,
    string? Phone,
    IReadOnlyList<string> AddressLines,
    string? PostalCode,
    string? City,
    string? State,
    string? RegionCode,
    string? FullAddress)
{
    public override string ToString() => $"OrderRecipient {{ RegionCode = {RegionCode}, (buyer data masked) }}";
}

public sealed record OrderAmounts(
    string? Currency,
    decimal? SubTotal,
    decimal? ShippingFee,
    decimal? Tax,
    decimal? SellerDiscount,
    decimal? PlatformDiscount,
    decimal? Total);

public sealed record OrderStateChange(DateTimeOffset At, OrderState State, string Reason);

/// <summary>
/// A package the connector created on TikTok for this order (see shared/Fulfilment and shared/Labels): which units it
/// holds and its tracking. <see cref="ShipmentId"/> is the shipment or label that made it. <see cref="Status"/> is TikTok's
/// package status when known (PROCESSING, FULFILLING, COMPLETED, CANCELLED) or <see cref="LabelPending"/> while a label
/// is being bought for the units; a cancelled package's units are unshipped again.
/// </summary>
public sealed record OrderPackage(
    string PackageId,
    string ShipmentId,
    IReadOnlyDictionary<string, int> Units,
    IReadOnlyList<string> LineItemIds,
    string TrackingNumber,
    string ShippingProviderId,
    DateTimeOffset ShippedAt,
    string? Status = null,
    string? ShippingProviderName = null)
{
    /// <summary>The units are reserved for a label being bought: no other label or shipment may take them.</summary>
    public const string LabelPending = "LABEL_PENDING";

    public bool IsCancelled => Status == TikTok.Api.TikTokPackageStatus.Cancelled;
}

public sealed record StoredOrder
{
    /// <summary>How many state changes an order keeps.</summary>
    public const int HistoryLimit = 10;

    public required string ShopId { get; init; }

    public required string OrderId { get; init; }

    public required string MerchantId { get; init; }

    public required string TikTokStatus { get; init; }

    /// <summary>TikTok's update_time (Unix seconds): an older one never overwrites a newer one.</summary>
    public required long UpdateTime { get; init; }

    public required long CreateTime { get; init; }

    public long? PaidTime { get; init; }

    public IReadOnlyList<OrderLine> Lines { get; init; } = [];

    public required OrderAmounts Amounts { get; init; }

    public OrderRecipient? Recipient { get; init; }

    public string? BuyerMessage { get; init; }

    /// <summary>TikTok's shipping_type: TIKTOK (TikTok Shipping: a TikTok label, the warehouse still ships) or SELLER.</summary>
    public string? ShippingType { get; init; }

    /// <summary>TikTok's fulfillment_type: FULFILLMENT_BY_SELLER, or FULFILLMENT_BY_TIKTOK (<see cref="ShippedByPlatform"/>).</summary>
    public string? FulfillmentType { get; init; }

    public string? WarehouseId { get; init; }

    /// <summary>The delivery option the buyer chose (TikTok's <c>delivery_option_id</c> / <c>_name</c>), for the warehouse's service level.</summary>
    public string? DeliveryOptionId { get; init; }

    public string? DeliveryOptionName { get; init; }

    /// <summary>TikTok's <c>delivery_type</c>, e.g. HOME_DELIVERY or COLLECTION_POINT.</summary>
    public string? DeliveryType { get; init; }

    public string? TrackingNumber { get; init; }

    public bool IsOnHold { get; init; }

    /// <summary>TikTok fulfils the order itself (fulfillment_type FULFILLMENT_BY_TIKTOK): nothing for the warehouse to ship.</summary>
    public bool ShippedByPlatform { get; init; }

    public bool BuyerRequestedCancel { get; init; }

    public string? CancelReason { get; init; }

    public required OrderState State { get; init; }

    public required string StateReason { get; init; }

    public IReadOnlyList<string> MissingSkus { get; init; } = [];

    public IReadOnlyList<OrderStateChange> History { get; init; } = [];

    /// <summary>"poll" or "webhook": how the newest version of this order arrived.</summary>
    public string Source { get; init; } = OrderSources.Poll;

    public DateTimeOffset? ReleasedAt { get; init; }

    public DateTimeOffset ImportedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Packages the connector created on TikTok (partial shipments add one each).</summary>
    public IReadOnlyList<OrderPackage> Packages { get; init; } = [];

    /// <summary>The buyer's open cancellation request (while <see cref="OrderState.CancellationRequested"/>).</summary>
    public OrderCancellationRequest? CancellationRequest { get; init; }

    /// <summary>After-sales requests and TikTok's refund amounts per order and line (kept by shared/AfterSales).</summary>
    public OrderAfterSales? AfterSales { get; init; }

    /// <summary>Unit count per SKU still to fulfil (cancelled units left out), e.g. for validating shipments.</summary>
    public int Units(string sku) => Lines.Where(l => l.Sku == sku).Sum(l => l.Quantity - l.CancelledQuantity);

    /// <summary>TikTok's ship-by, collection and cancellation deadlines.</summary>
    public OrderDeadlines Deadlines { get; init; } = OrderDeadlines.None;

    /// <summary>Set when the buyer changed the address after the back office took the order (a support case is open).</summary>
    public OrderAddressChange? AddressChange { get; init; }

    /// <summary>Units of a SKU already in a package (or reserved for a label being bought); cancelled packages do not count.</summary>
    public int ShippedUnits(string sku) => Packages.Where(p => !p.IsCancelled).Sum(p => p.Units.TryGetValue(sku, out var n) ? n : 0);

    public int UnshippedUnits(string sku) => Math.Max(0, Units(sku) - ShippedUnits(sku));

    /// <summary>Every unit of every SKU is in a package.</summary>
    public bool IsFullyShipped => Lines.Count > 0 && Lines.Select(l => l.Sku).Distinct().All(sku => UnshippedUnits(sku) == 0);
}

public static class OrderSources
{
    public const string Poll = "poll";
    public const string Webhook = "webhook";

    /// <summary>Read from TikTok right after a label was bought (shared/Labels).</summary>
    public const string Label = "label";
}
