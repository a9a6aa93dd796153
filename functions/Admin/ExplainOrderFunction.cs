using Connector.Admin;
using Connector.Admin.Explain;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ExplainOrderFunction(OrderExplainer handler, AdminAccess access)
{
    [Function(nameof(ExplainOrderFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/orders/{orderId}/explain")] HttpRequest request,
        string shopId,
        string orderId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.ExplainAsync(shopId, orderId, cancellationToken));
}
