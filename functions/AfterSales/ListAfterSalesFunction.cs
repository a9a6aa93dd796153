using Connector.AfterSales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class ListAfterSalesFunction(BackOfficeAfterSales afterSales)
{
    [Function(nameof(ListAfterSalesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/after-sales")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => afterSales.ListAsync(request, merchantId, cancellationToken);
}
