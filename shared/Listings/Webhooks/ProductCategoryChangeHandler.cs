using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>Type 18, product category change (by the seller, a developer or TikTok): the listing records the new category.</summary>
public sealed class ProductCategoryChangeHandler(ProductWebhookSupport support) : IWebhookHandler
{
    public int Type => ProductWebhookTypes.ProductCategoryChange;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var current = notification.DataText("current_category_id");
        return support.NoteAsync(shop, notification.DataText("product_id"),
            $"category changed on TikTok from {notification.DataText("previous_category_id")} to {current} (webhook 18)", cancellationToken,
            r => current is null ? r : r with { CategoryId = current });
    }
}
