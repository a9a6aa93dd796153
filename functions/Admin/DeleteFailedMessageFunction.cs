using Connector.Admin.FailedMessages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class DeleteFailedMessageFunction(FailedMessageAdmin handler)
{
    [Function(nameof(DeleteFailedMessageFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "admin/failed-messages/{queue}/{messageId}")] HttpRequest request,
        string queue,
        string messageId,
        CancellationToken cancellationToken) => handler.DeleteAsync(request, queue, messageId, cancellationToken);
}
