using Connector.AfterSales;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class GetAfterSalesFunction(HttpEdge edge, BackOfficeAfterSales afterSales)
{
    [Function(nameof(GetAfterSalesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/after-sales/{requestId}")] HttpRequest request,
        string merchantId,
        string requestId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => GetAfterSales.Bind(r, merchantId, requestId), afterSales.GetAsync, cancellationToken);
}
