using Connector.AfterSales;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

/// <summary>approve, reject or receive.</summary>
public sealed class AfterSalesActionFunction(HttpEdge edge, BackOfficeAfterSales afterSales)
{
    [Function(nameof(AfterSalesActionFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/after-sales/{requestId}/{action}")] HttpRequest request,
        string merchantId,
        string requestId,
        string action,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => DecideAfterSales.Bind(r, merchantId, requestId, action), afterSales.ActAsync, cancellationToken);
}
