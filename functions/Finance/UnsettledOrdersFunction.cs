using Connector.Finance;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class UnsettledOrdersFunction(HttpEdge edge, BackOfficeFinance handler)
{
    [Function(nameof(UnsettledOrdersFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/finance/unsettled")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => ListUnsettled.Bind(r, merchantId), handler.UnsettledAsync, cancellationToken);
}
