using Connector.Runs;
using Connector.Shops;
using Connector.TikTok;

namespace Connector.Webhooks;

/// <summary>
/// What one notification led to: the notification record's outcome, the Webhook run's outcome, the order it was about,
/// a detail for support and counts for the run record.
/// </summary>
public sealed record WebhookOutcome(string Outcome, RunOutcome RunOutcome, string? OrderId = null, string? Detail = null, IReadOnlyDictionary<string, long>? Counts = null)
{
    /// <summary>An outcome that is not about one order (e.g. a product notification).</summary>
    public static WebhookOutcome Handled(string outcome, RunOutcome runOutcome, string? detail = null, IReadOnlyDictionary<string, long>? counts = null) =>
        new(outcome, runOutcome, null, detail, counts);

    /// <summary>The shop is not Active or its order import is off: nothing is fetched (the order pull takes the order when it is on).</summary>
    public static WebhookOutcome ImportOff(ShopRecord shop, string? orderId, string? more = null)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return new(WebhookProcessor.Outcomes.ImportOff, RunOutcome.Skipped, orderId, $"the shop is {shop.Status} or its order import is off{more}");
    }

    /// <summary>TikTok refused the call for good (authorization revoked, bad request): recorded as Failed with TikTok's code and request id, not retried.</summary>
    public static WebhookOutcome TikTokRefused(TikTokException refusal, string? orderId)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(WebhookProcessor.Outcomes.TikTokRefused, RunOutcome.Failed, orderId, $"{refusal.Kind} (code {refusal.Code}, request {refusal.RequestId})");
    }
}

/// <summary>
/// Handles one TikTok webhook type for a known shop. Each type lives in its own class (<c>shared/Webhooks/Handlers/</c>, or in
/// the capability that owns it, e.g. <c>shared/AfterSales/</c> for types 11 and 12) and is registered with
/// <c>services.AddSingleton&lt;IWebhookHandler, ...&gt;()</c> in that capability's DependencyInjection. <see cref="WebhookProcessor"/>
/// verifies, deduplicates and records; the handler does the work. Throw to have the queue retry the notification.
/// </summary>
public interface IWebhookHandler
{
    /// <summary>TikTok's <c>type</c> (see <see cref="WebhookTypes"/>); one handler per type.</summary>
    int Type { get; }

    Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken);
}
