using Connector.AfterSales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class GetAfterSalesFunction(BackOfficeAfterSales afterSales)
{
    [Function(nameof(GetAfterSalesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/after-sales/{requestId}")] HttpRequest request,
        string merchantId,
        string requestId,
        CancellationToken cancellationToken) => afterSales.GetAsync(merchantId, requestId, cancellationToken);
}
