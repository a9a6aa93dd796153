namespace Connector.TikTok.Api;

/// <summary>Order search filters (body of POST /order/202309/orders/search). Times are Unix seconds.</summary>
public sealed record TikTokOrderSearch
{
    /// <summary>One of <see cref="TikTokOrderStatus"/>.</summary>
    public string? OrderStatus { get; init; }
    public long? CreateTimeGe { get; init; }
    public long? CreateTimeLt { get; init; }
    public long? UpdateTimeGe { get; init; }
    public long? UpdateTimeLt { get; init; }

    /// <summary><c>TIKTOK</c> or <c>SELLER</c>.</summary>
    public string? ShippingType { get; init; }
    public bool? IsBuyerRequestCancel { get; init; }
    public IReadOnlyList<string>? WarehouseIds { get; init; }
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

public sealed record TikTokOrderPage
{
    public IReadOnlyList<TikTokOrder> Orders { get; init; } = [];

    /// <summary>Empty on the last page.</summary>
    public string? NextPageToken { get; init; }
    public int TotalCount { get; init; }
}

internal sealed record TikTokOrdersData
{
    public IReadOnlyList<TikTokOrder> Orders { get; init; } = [];
}

public sealed record TikTokOrder
{
    public string Id { get; init; } = "";
    public string Status { get; init; } = "";
    public long CreateTime { get; init; }
    public long UpdateTime { get; init; }
    public long? PaidTime { get; init; }
    public string? FulfillmentType { get; init; }
    public bool IsOnHoldOrder { get; init; }
    public bool IsBuyerRequestCancel { get; init; }
    public string? ShippingType { get; init; }
    public string? ShippingProvider { get; init; }
    public string? ShippingProviderId { get; init; }
    public string? TrackingNumber { get; init; }
    public string? WarehouseId { get; init; }
    public string? CancelReason { get; init; }
    public string? CancellationInitiator { get; init; }
    public string? BuyerMessage { get; init; }
    public TikTokPayment? Payment { get; init; }
    public TikTokRecipientAddress? RecipientAddress { get; init; }

    /// <summary>One line per unit: there is no quantity; group by SKU to count units.</summary>
    public IReadOnlyList<TikTokLineItem> LineItems { get; init; } = [];
    public IReadOnlyList<TikTokOrderPackage> Packages { get; init; } = [];
}

/// <summary>Order amounts, read exactly from TikTok's decimal strings.</summary>
public sealed record TikTokPayment
{
    public string? Currency { get; init; }
    public decimal? SubTotal { get; init; }
    public decimal? TotalAmount { get; init; }
    public decimal? ShippingFee { get; init; }
    public decimal? Tax { get; init; }
    public decimal? SellerDiscount { get; init; }
    public decimal? PlatformDiscount { get; init; }
    public decimal? OriginalTotalProductPrice { get; init; }
    public decimal? OriginalShippingFee { get; init; }
}

/// <summary>Buyer data: <see cref="ToString"/> is masked so it never reaches a log by accident.</summary>
public sealed record TikTokRecipientAddress
{
    public string? Name { get; init; }
    public string? PhoneNumber { get; init; }
    public string? FullAddress { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? AddressLine3 { get; init; }
    public string? AddressLine4 { get; init; }
    public string? PostalCode { get; init; }
    public string? RegionCode { get; init; }
    public IReadOnlyList<TikTokDistrictInfo> DistrictInfo { get; init; } = [];

    public override string ToString() => $"TikTokRecipientAddress {{ RegionCode = {RegionCode}, (buyer data masked) }}";
}

public sealed record TikTokDistrictInfo
{
    public string? AddressLevelName { get; init; }
    public string? AddressName { get; init; }
    public string? AddressLevel { get; init; }
}

public sealed record TikTokLineItem
{
    public string Id { get; init; } = "";
    public string SkuId { get; init; } = "";
    public string? SellerSku { get; init; }
    public string? ProductId { get; init; }
    public string? ProductName { get; init; }
    public string? SkuName { get; init; }
    public decimal? SalePrice { get; init; }
    public decimal? OriginalPrice { get; init; }
    public string? Currency { get; init; }
    public string? DisplayStatus { get; init; }
    public string? PackageId { get; init; }
    public string? CancelReason { get; init; }
    public bool IsGift { get; init; }
}

public sealed record TikTokOrderPackage
{
    public string Id { get; init; } = "";
}
