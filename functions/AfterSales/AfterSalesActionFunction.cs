using Connector.AfterSales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

/// <summary>approve, reject or receive.</summary>
public sealed class AfterSalesActionFunction(BackOfficeAfterSales afterSales)
{
    [Function(nameof(AfterSalesActionFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/after-sales/{requestId}/{action}")] HttpRequest request,
        string merchantId,
        string requestId,
        string action,
        CancellationToken cancellationToken) => afterSales.ActAsync(request, merchantId, requestId, action, cancellationToken);
}
