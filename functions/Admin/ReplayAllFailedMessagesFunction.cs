using Connector.Admin;
using Connector.Admin.FailedMessages;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ReplayAllFailedMessagesFunction(HttpEdge edge, FailedMessageAdmin handler)
{
    [Function(nameof(ReplayAllFailedMessagesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/failed-messages/{queue}/replay")] HttpRequest request,
        string queue,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ReplayAllFailedMessages.Bind(r, queue), handler.ReplayAllAsync, cancellationToken);
}
