using Connector.Admin.FailedMessages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ReplayAllFailedMessagesFunction(FailedMessageAdmin handler)
{
    [Function(nameof(ReplayAllFailedMessagesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/failed-messages/{queue}/replay")] HttpRequest request,
        string queue,
        CancellationToken cancellationToken) => handler.ReplayAllAsync(request, queue, cancellationToken);
}
