using Connector.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Webhooks;

public sealed class TikTokWebhookWorkerFunction(WebhookProcessor processor)
{
    [Function(nameof(TikTokWebhookWorkerFunction))]
    public Task Run([QueueTrigger("%WebhookQueue%")] WebhookMessage message, CancellationToken cancellationToken) =>
        processor.HandleAsync(message, cancellationToken);
}
