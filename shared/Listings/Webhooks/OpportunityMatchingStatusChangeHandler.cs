using Connector.Runs;
using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>
/// Type 25, opportunity matching status change (TikTok's product opportunities, a limited program): acknowledged and
/// recorded in the webhook run; the connector does not take part in opportunities.
/// </summary>
public sealed class OpportunityMatchingStatusChangeHandler : IWebhookHandler
{
    public int Type => ProductWebhookTypes.OpportunityMatchingStatusChange;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken) =>
        Task.FromResult(WebhookOutcome.Handled(ProductWebhookTypes.NotUsed, RunOutcome.Skipped,
            $"opportunity matching {notification.DataText("opportunity_matching_status")} for product {notification.DataText("external_product_id")}: the connector does not use opportunities"));
}
