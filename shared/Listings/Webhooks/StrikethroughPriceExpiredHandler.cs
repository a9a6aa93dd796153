using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>
/// Type 38, strikethrough price expired (TikTok's verification of a list price ends after 90 days): noted on the listing;
/// the list price goes to TikTok again with the next price change.
/// </summary>
public sealed class StrikethroughPriceExpiredHandler(ProductWebhookSupport support) : IWebhookHandler
{
    public int Type => ProductWebhookTypes.StrikethroughPriceExpired;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken) =>
        support.NoteAsync(shop, notification.DataText("product_id"),
            $"TikTok: the list (strikethrough) price of SKU {notification.DataText("sku_id")} is no longer verified (webhook 38)", cancellationToken);
}
