using Connector.AfterSales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class CancelOrderFunction(BackOfficeAfterSales afterSales)
{
    [Function(nameof(CancelOrderFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/orders/{orderId}/cancel")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => afterSales.CancelOrderAsync(request, merchantId, orderId, cancellationToken);
}
