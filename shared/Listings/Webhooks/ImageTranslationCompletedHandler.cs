using Connector.Runs;
using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>Type 46, image translation completed (EU cross-border sellers): acknowledged; the connector does not request image translations.</summary>
public sealed class ImageTranslationCompletedHandler : IWebhookHandler
{
    public int Type => ProductWebhookTypes.ImageTranslationCompleted;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken) =>
        Task.FromResult(WebhookOutcome.Handled(ProductWebhookTypes.NotUsed, RunOutcome.Skipped, "image translation: the connector does not request image translations"));
}
