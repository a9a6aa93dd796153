using Connector.Admin;
using Connector.Admin.FailedMessages;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ReplayFailedMessageFunction(HttpEdge edge, FailedMessageAdmin handler)
{
    [Function(nameof(ReplayFailedMessageFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/failed-messages/{queue}/{messageId}/replay")] HttpRequest request,
        string queue,
        string messageId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => FailedMessageAction.Bind(r, queue, messageId), handler.ReplayAsync, cancellationToken);
}
