namespace Connector.TikTok.Api;

public sealed record TikTokWarehouse
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string? EffectStatus { get; init; }

    /// <summary><c>SALES_WAREHOUSE</c> or <c>RETURN_WAREHOUSE</c>.</summary>
    public string? Type { get; init; }
    public bool IsDefault { get; init; }
    public TikTokWarehouseAddress? Address { get; init; }
}

public sealed record TikTokWarehouseAddress
{
    public string? RegionCode { get; init; }
    public string? PostalCode { get; init; }
    public string? FullAddress { get; init; }
    public string? City { get; init; }
}

internal sealed record TikTokWarehousesData
{
    public IReadOnlyList<TikTokWarehouse> Warehouses { get; init; } = [];
}

public sealed record TikTokDeliveryOption
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string? Type { get; init; }
}

internal sealed record TikTokDeliveryOptionsData
{
    public IReadOnlyList<TikTokDeliveryOption> DeliveryOptions { get; init; } = [];
}

public sealed record TikTokShippingProvider
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
}

internal sealed record TikTokShippingProvidersData
{
    public IReadOnlyList<TikTokShippingProvider> ShippingProviders { get; init; } = [];
}

/// <summary>Body of POST /fulfillment/202309/orders/{order_id}/packages (seller-shipped orders).</summary>
public sealed record TikTokShipPackageRequest(string TrackingNumber, string ShippingProviderId, IReadOnlyList<string> OrderLineItemIds);

public sealed record TikTokShippedPackage
{
    public string PackageId { get; init; } = "";
    public string? OrderId { get; init; }
    public IReadOnlyList<string> OrderLineItemIds { get; init; } = [];
}

/// <summary>Body of POST /fulfillment/202309/orders/{order_id}/shipping_info/update.</summary>
public sealed record TikTokShippingInfo(string TrackingNumber, string ShippingProviderId);
