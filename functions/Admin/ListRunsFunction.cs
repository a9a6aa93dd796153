using Connector.Admin.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListRunsFunction(RunAdmin handler)
{
    [Function(nameof(ListRunsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/shops/{shopId}/runs")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) => handler.ListAsync(request, shopId, cancellationToken);
}
