using Connector.Admin.Explain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ExplainOrderFunction(OrderExplainer handler)
{
    [Function(nameof(ExplainOrderFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/shops/{shopId}/orders/{orderId}/explain")] HttpRequest request,
        string shopId,
        string orderId,
        CancellationToken cancellationToken) => handler.ExplainAsync(shopId, orderId, cancellationToken);
}
