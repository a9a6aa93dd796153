namespace Connector.TikTok.Api;

public sealed record TikTokWarehouse
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? EffectStatus { get; set; }

    /// <summary><c>SALES_WAREHOUSE</c> or <c>RETURN_WAREHOUSE</c>.</summary>
    public string? Type { get; set; }
    public bool IsDefault { get; set; }
    public TikTokWarehouseAddress? Address { get; set; }
}

public sealed record TikTokWarehouseAddress
{
    public string? RegionCode { get; set; }
    public string? PostalCode { get; set; }
    public string? FullAddress { get; set; }
    public string? City { get; set; }
}

internal sealed record TikTokWarehousesData
{
    public IReadOnlyList<TikTokWarehouse> Warehouses { get; set; } = [];
}

public sealed record TikTokDeliveryOption
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Type { get; set; }
}

internal sealed record TikTokDeliveryOptionsData
{
    public IReadOnlyList<TikTokDeliveryOption> DeliveryOptions { get; set; } = [];
}

public sealed record TikTokShippingProvider
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
}

internal sealed record TikTokShippingProvidersData
{
    public IReadOnlyList<TikTokShippingProvider> ShippingProviders { get; set; } = [];
}

/// <summary>Body of POST /fulfillment/202309/orders/{order_id}/packages (seller-shipped orders).</summary>
public sealed record TikTokShipPackageRequest(string TrackingNumber, string ShippingProviderId, IReadOnlyList<string> OrderLineItemIds);

public sealed record TikTokShippedPackage
{
    public string PackageId { get; set; } = "";
    public string? OrderId { get; set; }
    public IReadOnlyList<string> OrderLineItemIds { get; set; } = [];

    /// <summary>TikTok accepted the package but warns (e.g. "match more than one provider"): keep it and show it to support.</summary>
    public TikTokWarning? Warning { get; set; }
}

/// <summary>A warning on a successful answer.</summary>
public sealed record TikTokWarning
{
    public string? Message { get; set; }
}

/// <summary>Body of POST /fulfillment/202309/orders/{order_id}/shipping_info/update.</summary>
public sealed record TikTokShippingInfo(string TrackingNumber, string ShippingProviderId);
