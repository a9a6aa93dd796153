using Connector.Http;
using Connector.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Webhooks;

public sealed class TikTokWebhookFunction(HttpEdge edge, WebhookReceiver receiver)
{
    [Function(nameof(TikTokWebhookFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/tiktok")] HttpRequest request,
        CancellationToken cancellationToken) => edge.RunAsync(request, SignedNotification.Bind, receiver.ReceiveAsync, cancellationToken, SignedNotification.MaxBodyBytes);
}
