using Connector.Runs;
using Connector.Shops;

namespace Connector.Webhooks;

/// <summary>What one notification led to: the notification record's outcome, the run's outcome, the order and a detail for support.</summary>
public sealed record WebhookOutcome(string Outcome, RunOutcome RunOutcome, string? OrderId = null, string? Detail = null);

/// <summary>
/// The handling of one webhook type, in a class of its own (registered with <c>AddSingleton&lt;IWebhookTypeHandler, ...&gt;</c>).
/// <see cref="WebhookProcessor"/> verifies, deduplicates and records; it passes a notification of a verified, known,
/// same-app shop to the handler of its type. Transient failures are thrown (the queue retries); anything else is an outcome.
/// </summary>
public interface IWebhookTypeHandler
{
    /// <summary>TikTok's webhook type (see <see cref="WebhookTypes"/>).</summary>
    int Type { get; }

    Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken);
}
