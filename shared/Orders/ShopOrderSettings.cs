namespace Connector.Orders;

/// <summary>A shop's order-import settings (part of the shop's settings; support changes them on request).</summary>
public sealed record ShopOrderSettings
{
    /// <summary>Order import on or off, independently of inventory export (as Quivo's support switches them).</summary>
    public bool ImportEnabled { get; init; } = true;

    /// <summary>The first pull takes every order created since this date; without it, all open orders.</summary>
    public DateTimeOffset? ImportStartDate { get; init; }

    /// <summary>Store ON_HOLD orders (as OnHold, never handed out) rather than waiting for TikTok to release them.</summary>
    public bool ImportOnHoldOrders { get; init; } = true;

    /// <summary>
    /// Import orders TikTok fulfils itself (fulfillment_type FULFILLMENT_BY_TIKTOK); they are stored as Shipped and never
    /// ready to fulfil. TikTok Shipping orders (shipping_type TIKTOK) are always imported: the warehouse ships them.
    /// </summary>
    public bool ImportPlatformShippedOrders { get; init; }

    public OrderImportSettings ToImportSettings() => new()
    {
        ImportOnHoldOrders = ImportOnHoldOrders,
        ImportPlatformShippedOrders = ImportPlatformShippedOrders,
    };
}
