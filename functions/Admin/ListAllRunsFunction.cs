using Connector.Admin;
using Connector.Admin.Runs;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListAllRunsFunction(RunAdmin handler, AdminAccess access)
{
    [Function(nameof(ListAllRunsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/runs")] HttpRequest request,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.ListAllAsync(request, cancellationToken));
}
