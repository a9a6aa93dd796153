using Connector.Messaging;
using Connector.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Webhooks;

public sealed class TikTokWebhookWorkerFunction(WebhookProcessor processor, MessageFailures failures)
{
    [Function(nameof(TikTokWebhookWorkerFunction))]
    public Task Run([QueueTrigger("%WebhookQueue%")] WebhookMessage message, CancellationToken cancellationToken) =>
        failures.RunAsync(message, () => processor.HandleAsync(message, cancellationToken), cancellationToken);
}
