using Connector.AfterSales;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class CancelReasonsFunction(HttpEdge edge, BackOfficeAfterSales afterSales)
{
    [Function(nameof(CancelReasonsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/orders/{orderId}/cancel-reasons")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => GetCancelReasons.Bind(r, merchantId, orderId), afterSales.CancelReasonsAsync, cancellationToken);
}
