using Connector.AfterSales;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class RejectReasonsFunction(HttpEdge edge, BackOfficeAfterSales afterSales)
{
    [Function(nameof(RejectReasonsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/after-sales/{requestId}/reject-reasons")] HttpRequest request,
        string merchantId,
        string requestId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => GetRejectReasons.Bind(r, merchantId, requestId), afterSales.RejectReasonsAsync, cancellationToken);
}
