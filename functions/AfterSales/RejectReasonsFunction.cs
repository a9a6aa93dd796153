using Connector.AfterSales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class RejectReasonsFunction(BackOfficeAfterSales afterSales)
{
    [Function(nameof(RejectReasonsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/after-sales/{requestId}/reject-reasons")] HttpRequest request,
        string merchantId,
        string requestId,
        CancellationToken cancellationToken) => afterSales.RejectReasonsAsync(request, merchantId, requestId, cancellationToken);
}
