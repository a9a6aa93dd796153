using Connector.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Webhooks;

public sealed class TikTokWebhookFunction(WebhookReceiver receiver)
{
    [Function(nameof(TikTokWebhookFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/tiktok")] HttpRequest request,
        CancellationToken cancellationToken) => receiver.ReceiveAsync(request, cancellationToken);
}
