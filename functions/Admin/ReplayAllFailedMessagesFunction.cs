using Connector.Admin;
using Connector.Admin.FailedMessages;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ReplayAllFailedMessagesFunction(FailedMessageAdmin handler, AdminAccess access)
{
    [Function(nameof(ReplayAllFailedMessagesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/failed-messages/{queue}/replay")] HttpRequest request,
        string queue,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.ReplayAllAsync(request, queue, cancellationToken));
}
