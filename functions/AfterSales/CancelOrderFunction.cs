using Connector.AfterSales;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class CancelOrderFunction(HttpEdge edge, BackOfficeAfterSales afterSales)
{
    [Function(nameof(CancelOrderFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/orders/{orderId}/cancel")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => CancelOrder.Bind(r, merchantId, orderId), afterSales.CancelOrderAsync, cancellationToken);
}
