using Microsoft.Extensions.Configuration;

namespace Connector.Messaging;

/// <summary>
/// The connector's queues. Each name is a setting (the queue triggers read it as <c>%Setting%</c>) with a default;
/// the host moves a message that keeps failing to <c>{name}-poison</c>.
/// </summary>
public sealed class QueueNames(IConfiguration configuration)
{
    public const string OrderPullSetting = "OrderPullQueue";
    public const string TokenRefreshSetting = "TokenRefreshQueue";
    public const string SkuReevaluationSetting = "SkuReevaluationQueue";
    public const string WebhookSetting = "WebhookQueue";
    public const string InventoryPushSetting = "InventoryPushQueue";
    public const string ProductSyncSetting = "ProductSyncQueue";
    public const string ShipmentSetting = "ShipmentQueue";
    public const string AfterSalesSetting = "AfterSalesQueue";
    public const string ListingsSetting = "ListingsQueue";
    public const string FinanceSyncSetting = "FinanceSyncQueue";
    public const string LabelSetting = "LabelQueue";

    /// <summary>Every queue: its setting and default name. Capabilities add theirs here.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        [OrderPullSetting] = "order-pull",
        [TokenRefreshSetting] = "token-refresh",
        [SkuReevaluationSetting] = "sku-reevaluation",
        [WebhookSetting] = "tiktok-webhooks",
        [InventoryPushSetting] = "inventory-push",
        [ProductSyncSetting] = "product-sync",
        [ShipmentSetting] = "shipments",
        [AfterSalesSetting] = "after-sales",
        [ListingsSetting] = "listings",
        [FinanceSyncSetting] = "finance-sync",
        [LabelSetting] = "labels",
    };

    public string OrderPull => Get(OrderPullSetting);

    public string TokenRefresh => Get(TokenRefreshSetting);

    public string SkuReevaluation => Get(SkuReevaluationSetting);

    public string Webhook => Get(WebhookSetting);
    public string InventoryPush => Get(InventoryPushSetting);

    public string ProductSync => Get(ProductSyncSetting);

    public string Shipment => Get(ShipmentSetting);

    public string Listings => Get(ListingsSetting);
    public string FinanceSync => Get(FinanceSyncSetting);
    public string Label => Get(LabelSetting);

    /// <summary>The configured name of every queue.</summary>
    public IEnumerable<string> All => Defaults.Keys.Select(Get);

    public string Get(string setting) => configuration[setting] is { Length: > 0 } name ? name : Defaults[setting];
}
