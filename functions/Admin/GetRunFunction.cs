using Connector.Admin;
using Connector.Admin.Runs;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class GetRunFunction(HttpEdge edge, RunAdmin handler)
{
    [Function(nameof(GetRunFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/runs/{runId}")] HttpRequest request,
        string shopId,
        string runId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => GetRun.Bind(r, shopId, runId), handler.GetAsync, cancellationToken);
}
