using Connector.Http;
using Connector.Orders;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Orders;

public sealed class ReleaseOrderFunction(HttpEdge edge, BackOfficeOrders orders)
{
    [Function(nameof(ReleaseOrderFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/orders/{orderId}/release")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => ReleaseOrder.Bind(r, merchantId, orderId), orders.ReleaseAsync, cancellationToken);
}
