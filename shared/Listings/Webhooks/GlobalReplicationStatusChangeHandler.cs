using Connector.Runs;
using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>Type 51, global replication status change (global sellers' replicas in other markets): acknowledged; the connector lists local products only.</summary>
public sealed class GlobalReplicationStatusChangeHandler : IWebhookTypeHandler
{
    public int Type => ProductWebhookTypes.GlobalReplicationStatusChange;

    public Task<WebhookHandling> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken) =>
        Task.FromResult(new WebhookHandling(ProductWebhookTypes.NotUsed, RunOutcome.Skipped, "global product replication: the connector lists local products only"));
}
