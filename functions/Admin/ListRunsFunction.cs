using Connector.Admin;
using Connector.Admin.Runs;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListRunsFunction(HttpEdge edge, RunAdmin handler)
{
    [Function(nameof(ListRunsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/runs")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ListShopRuns.Bind(r, shopId), handler.ListAsync, cancellationToken);
}
