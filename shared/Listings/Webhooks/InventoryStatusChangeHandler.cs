using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>
/// Type 27, inventory status change (a SKU is low or out of stock, or predicted to be): noted on the listing for support.
/// Stock itself comes from the back office (the inventory push), not from this notification.
/// </summary>
public sealed class InventoryStatusChangeHandler(ProductWebhookSupport support) : IWebhookHandler
{
    public int Type => ProductWebhookTypes.InventoryStatusChange;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var available = notification.Data.ValueKind == System.Text.Json.JsonValueKind.Object && notification.Data.TryGetProperty("inventory_distribution", out var d)
            && d.ValueKind == System.Text.Json.JsonValueKind.Object && d.TryGetProperty("available_quantity", out var q) ? q.GetRawText() : "?";
        return support.NoteAsync(shop, notification.DataText("product_id"),
            $"TikTok: SKU {notification.DataText("sku_id")} {notification.DataText("current_inventory_status")}, {available} available (webhook 27)", cancellationToken);
    }
}
