using Connector.Runs;
using Connector.Shops;

namespace Connector.Webhooks;

/// <summary>What handling one notification led to: the notification record's outcome and the webhook run's outcome.</summary>
public sealed record WebhookHandling(string Outcome, RunOutcome RunOutcome, string? Detail = null, IReadOnlyDictionary<string, long>? Counts = null);

/// <summary>
/// Handles one webhook type for a capability (e.g. the product notifications for listings), each type in its own class,
/// so the processor stays the same when a capability adds a type: it verifies, deduplicates and records the run, then
/// routes a notification to the handler registered for its type (<c>services.AddSingleton&lt;IWebhookTypeHandler, ...&gt;()</c>).
/// Transient failures throw (the queue retries the message); everything else is an outcome.
/// </summary>
public interface IWebhookTypeHandler
{
    /// <summary>TikTok's webhook type number.</summary>
    int Type { get; }

    Task<WebhookHandling> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken);
}
