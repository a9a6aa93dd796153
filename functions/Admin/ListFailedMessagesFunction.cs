using Connector.Admin;
using Connector.Admin.FailedMessages;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListFailedMessagesFunction(HttpEdge edge, FailedMessageAdmin handler)
{
    [Function(nameof(ListFailedMessagesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/failed-messages")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, ListFailedMessages.Bind, handler.ListAsync, cancellationToken);
}
