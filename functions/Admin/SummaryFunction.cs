using Connector.Admin.Summary;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class SummaryFunction(Dashboard handler)
{
    [Function(nameof(SummaryFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/summary")] HttpRequest request,
        CancellationToken cancellationToken) => handler.GetAsync(cancellationToken, request.Query["timeZone"].FirstOrDefault());
}
