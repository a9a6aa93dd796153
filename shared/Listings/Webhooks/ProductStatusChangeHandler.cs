using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>
/// Type 5, product status change (first review passed, status changed by TikTok, review failed): the product is read
/// from TikTok and its listing takes TikTok's status, audit and reasons (e.g. Rejected with TikTok's reasons).
/// </summary>
public sealed class ProductStatusChangeHandler(ProductWebhookSupport support) : IWebhookHandler
{
    public int Type => ProductWebhookTypes.ProductStatusChange;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken) =>
        support.RefreshAsync(shop, notification, $"webhook 5 {notification.DataText("status")}", cancellationToken);
}
