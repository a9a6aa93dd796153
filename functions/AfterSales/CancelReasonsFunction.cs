using Connector.AfterSales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class CancelReasonsFunction(BackOfficeAfterSales afterSales)
{
    [Function(nameof(CancelReasonsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/orders/{orderId}/cancel-reasons")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => afterSales.CancelReasonsAsync(request, merchantId, orderId, cancellationToken);
}
