using Connector.Admin;
using Connector.Admin.Runs;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListAllRunsFunction(HttpEdge edge, RunAdmin handler)
{
    [Function(nameof(ListAllRunsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/runs")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, ListAllRuns.Bind, handler.ListAllAsync, cancellationToken);
}
