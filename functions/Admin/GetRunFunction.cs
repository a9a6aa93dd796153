using Connector.Admin;
using Connector.Admin.Runs;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class GetRunFunction(RunAdmin handler, AdminAccess access)
{
    [Function(nameof(GetRunFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/runs/{runId}")] HttpRequest request,
        string shopId,
        string runId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.GetAsync(shopId, runId, cancellationToken));
}
