using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>
/// Type 16, product creation: for a product the connector created, its status is read from TikTok (a product created
/// in Seller Center or by another tool is not the connector's and is left alone).
/// </summary>
public sealed class ProductCreationHandler(ProductWebhookSupport support) : IWebhookHandler
{
    public int Type => ProductWebhookTypes.ProductCreation;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken) =>
        support.RefreshAsync(shop, notification, "webhook 16 product created", cancellationToken);
}
