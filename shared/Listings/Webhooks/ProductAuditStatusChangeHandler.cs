using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>
/// Type 37, product audit status change (AUDITING, FAILED, PRE_APPROVED, APPROVED): the product is read from TikTok, so the
/// listing gets the status and, for a failed review, TikTok's reasons.
/// </summary>
public sealed class ProductAuditStatusChangeHandler(ProductWebhookSupport support) : IWebhookHandler
{
    public int Type => ProductWebhookTypes.ProductAuditStatusChange;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var audit = notification.Data.ValueKind == System.Text.Json.JsonValueKind.Object && notification.Data.TryGetProperty("audit", out var a)
            && a.ValueKind == System.Text.Json.JsonValueKind.Object && a.TryGetProperty("status", out var s) ? s.GetString() : null;
        return support.RefreshAsync(shop, notification, $"webhook 37 audit {audit}", cancellationToken);
    }
}
