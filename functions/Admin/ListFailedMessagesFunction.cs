using Connector.Admin.FailedMessages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListFailedMessagesFunction(FailedMessageAdmin handler)
{
    [Function(nameof(ListFailedMessagesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/failed-messages")] HttpRequest request,
        CancellationToken cancellationToken) => handler.ListAsync(request, cancellationToken);
}
