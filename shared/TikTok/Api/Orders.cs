namespace Connector.TikTok.Api;

/// <summary>
/// Order search filters (body of POST /order/202309/orders/search, api-reference/orders/get-order-list.spec.json).
/// Times are Unix seconds; <c>_ge</c> is inclusive, <c>_lt</c> exclusive.
/// </summary>
public sealed record TikTokOrderSearch
{
    /// <summary>One of <see cref="TikTokOrderStatus"/>.</summary>
    public string? OrderStatus { get; set; }
    public long? CreateTimeGe { get; set; }
    public long? CreateTimeLt { get; set; }
    public long? UpdateTimeGe { get; set; }
    public long? UpdateTimeLt { get; set; }

    /// <summary><see cref="TikTokShippingType.TikTok"/> or <see cref="TikTokShippingType.Seller"/>.</summary>
    public string? ShippingType { get; set; }
    public bool? IsBuyerRequestCancel { get; set; }
    public IReadOnlyList<string>? WarehouseIds { get; set; }
}

public static class TikTokOrderStatus
{
    public const string Unpaid = "UNPAID";
    public const string OnHold = "ON_HOLD";
    public const string AwaitingShipment = "AWAITING_SHIPMENT";
    public const string AwaitingCollection = "AWAITING_COLLECTION";
    public const string PartiallyShipping = "PARTIALLY_SHIPPING";
    public const string InTransit = "IN_TRANSIT";
    public const string Delivered = "DELIVERED";
    public const string Completed = "COMPLETED";
    public const string Cancelled = "CANCELLED";
}

/// <summary>
/// <c>shipping_type</c>: who provides the shipping label. TIKTOK = TikTok Shipping (the seller buys the label from TikTok
/// and still ships the parcel: most US orders); SELLER = the seller's own carrier. Neither means TikTok fulfils it.
/// </summary>
public static class TikTokShippingType
{
    public const string TikTok = "TIKTOK";
    public const string Seller = "SELLER";
}

/// <summary><c>fulfillment_type</c>: who fulfils the order. Only FULFILLMENT_BY_TIKTOK orders are shipped by the platform.</summary>
public static class TikTokFulfillmentType
{
    public const string BySeller = "FULFILLMENT_BY_SELLER";
    public const string ByTikTok = "FULFILLMENT_BY_TIKTOK";
}

public sealed record TikTokOrderPage : TikTokPage
{
    public IReadOnlyList<TikTokOrder> Orders { get; set; } = [];

    /// <summary>Empty on the last page.</summary>
}

internal sealed record TikTokOrdersData
{
    public IReadOnlyList<TikTokOrder> Orders { get; set; } = [];
}

public sealed record TikTokOrder
{
    public string Id { get; set; } = "";
    public string Status { get; set; } = "";
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public long? PaidTime { get; set; }
    public string? FulfillmentType { get; set; }
    public bool IsOnHoldOrder { get; set; }
    public bool IsBuyerRequestCancel { get; set; }
    public string? ShippingType { get; set; }
    public string? ShippingProvider { get; set; }
    public string? ShippingProviderId { get; set; }
    public string? TrackingNumber { get; set; }
    public string? WarehouseId { get; set; }

    /// <summary>The delivery option the buyer chose (e.g. "Standard Shipping") and its id; <c>delivery_type</c> e.g. HOME_DELIVERY.</summary>
    public string? DeliveryOptionId { get; set; }
    public string? DeliveryOptionName { get; set; }
    public string? DeliveryType { get; set; }
    public string? CancelReason { get; set; }
    public string? CancellationInitiator { get; set; }
    public string? BuyerMessage { get; set; }

    /// <summary>Latest time to ship (ready to ship) set by TikTok, Unix seconds.</summary>
    public long? RtsSlaTime { get; set; }

    /// <summary>Latest collection time set by TikTok, Unix seconds.</summary>
    public long? TtsSlaTime { get; set; }

    /// <summary>When TikTok cancels the order automatically, Unix seconds.</summary>
    public long? CancelOrderSlaTime { get; set; }

    /// <summary>Cancelled automatically unless AWAITING_COLLECTION by then, Unix seconds.</summary>
    public long? ShippingDueTime { get; set; }

    /// <summary>Cancelled automatically unless IN_TRANSIT by then, Unix seconds.</summary>
    public long? CollectionDueTime { get; set; }

    /// <summary>Cancelled automatically unless DELIVERED by then, Unix seconds.</summary>
    public long? DeliveryDueTime { get; set; }

    /// <summary>When the buyer asked to cancel, Unix seconds.</summary>
    public long? RequestCancelTime { get; set; }

    /// <summary>When the order became CANCELLED, Unix seconds.</summary>
    public long? CancelTime { get; set; }
    public TikTokPayment? Payment { get; set; }
    public TikTokRecipientAddress? RecipientAddress { get; set; }

    /// <summary>One line per unit: there is no quantity; group by SKU to count units.</summary>
    public IReadOnlyList<TikTokLineItem> LineItems { get; set; } = [];
    public IReadOnlyList<TikTokOrderPackage> Packages { get; set; } = [];

    // TikTok Shipping (shared/Labels): the other deadlines, and TikTok's address and package marks.
    public long? DeliverySlaTime { get; set; }
    public long? PickUpCutOffTime { get; set; }
    public bool HasUpdatedRecipientAddress { get; set; }
    public string? SplitOrCombineTag { get; set; }
}

/// <summary>Order amounts, read exactly from TikTok's decimal strings.</summary>
public sealed record TikTokPayment
{
    public string? Currency { get; set; }
    public decimal? SubTotal { get; set; }
    public decimal? TotalAmount { get; set; }
    public decimal? ShippingFee { get; set; }
    public decimal? Tax { get; set; }
    public decimal? SellerDiscount { get; set; }
    public decimal? PlatformDiscount { get; set; }
    public decimal? OriginalTotalProductPrice { get; set; }
    public decimal? OriginalShippingFee { get; set; }
}

/// <summary>Buyer data: <see cref="ToString"/> is masked so it never reaches a log by accident.</summary>
public sealed record TikTokRecipientAddress
{
    public string? Name { get; set; }
    public string? PhoneNumber { get; set; }
    public string? FullAddress { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? AddressLine3 { get; set; }
    public string? AddressLine4 { get; set; }
    public string? PostalCode { get; set; }

    /// <summary>UK only: the post town (the city line of a UK address).</summary>
    public string? PostTown { get; set; }
    public string? RegionCode { get; set; }
    public IReadOnlyList<TikTokDistrictInfo> DistrictInfo { get; set; } = [];

    public override string ToString() => $"TikTokRecipientAddress {{ RegionCode = {RegionCode}, (buyer data masked) }}";
}

public sealed record TikTokDistrictInfo
{
    public string? AddressLevelName { get; set; }
    public string? AddressName { get; set; }
    public string? AddressLevel { get; set; }
}

public sealed record TikTokLineItem
{
    public string Id { get; set; } = "";
    public string SkuId { get; set; } = "";
    public string? SellerSku { get; set; }
    public string? ProductId { get; set; }
    public string? ProductName { get; set; }
    public string? SkuName { get; set; }
    public decimal? SalePrice { get; set; }
    public decimal? OriginalPrice { get; set; }
    public string? Currency { get; set; }
    public string? DisplayStatus { get; set; }
    public string? PackageId { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>Who cancelled the line: BUYER, SELLER, OPERATOR, SYSTEM.</summary>
    public string? CancelUser { get; set; }
    public bool IsGift { get; set; }

    /// <summary>The package of this unit: TO_FULFILL, PROCESSING, FULFILLING, COMPLETED, CANCELLED.</summary>
    public string? PackageStatus { get; set; }
    public string? TrackingNumber { get; set; }
    public string? ShippingProviderId { get; set; }
    public string? ShippingProviderName { get; set; }

    /// <summary>
    /// A virtual bundle's component SKUs (order detail only): the warehouse picks these, <c>sku_count</c> of each per
    /// bundle unit, not the bundle SKU itself.
    /// </summary>
    public IReadOnlyList<TikTokCombinedListingSku> CombinedListingSkus { get; set; } = [];
}

/// <summary>One component of a virtual bundle line item.</summary>
public sealed record TikTokCombinedListingSku
{
    public string SkuId { get; set; } = "";
    public int SkuCount { get; set; }
    public string? ProductId { get; set; }
    public string? SellerSku { get; set; }
}

public sealed record TikTokOrderPackage
{
    public string Id { get; set; } = "";
}
