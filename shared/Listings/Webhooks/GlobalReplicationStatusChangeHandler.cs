using Connector.Runs;
using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>Type 51, global replication status change (global sellers' replicas in other markets): acknowledged; the connector lists local products only.</summary>
public sealed class GlobalReplicationStatusChangeHandler : IWebhookHandler
{
    public int Type => ProductWebhookTypes.GlobalReplicationStatusChange;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken) =>
        Task.FromResult(WebhookOutcome.Handled(ProductWebhookTypes.NotUsed, RunOutcome.Skipped, "global product replication: the connector lists local products only"));
}
