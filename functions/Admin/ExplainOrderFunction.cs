using Connector.Admin;
using Connector.Admin.Explain;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ExplainOrderFunction(HttpEdge edge, OrderExplainer handler)
{
    [Function(nameof(ExplainOrderFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/orders/{orderId}/explain")] HttpRequest request,
        string shopId,
        string orderId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ExplainOrder.Bind(r, shopId, orderId), handler.ExplainAsync, cancellationToken);
}
