using Connector.Admin;
using Connector.Admin.Summary;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class SummaryFunction(Dashboard handler, AdminAccess access)
{
    [Function(nameof(SummaryFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/summary")] HttpRequest request,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.GetAsync(cancellationToken, request.Query["timeZone"].FirstOrDefault()));
}
