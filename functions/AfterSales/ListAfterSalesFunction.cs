using Connector.AfterSales;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class ListAfterSalesFunction(HttpEdge edge, BackOfficeAfterSales afterSales)
{
    [Function(nameof(ListAfterSalesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/after-sales")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => ListAfterSales.Bind(r, merchantId), afterSales.ListAsync, cancellationToken);
}
