using Connector.Admin.FailedMessages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ReplayFailedMessageFunction(FailedMessageAdmin handler)
{
    [Function(nameof(ReplayFailedMessageFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/failed-messages/{queue}/{messageId}/replay")] HttpRequest request,
        string queue,
        string messageId,
        CancellationToken cancellationToken) => handler.ReplayAsync(request, queue, messageId, cancellationToken);
}
