using Connector.Admin;
using Connector.Admin.Summary;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class SummaryFunction(HttpEdge edge, Dashboard handler)
{
    [Function(nameof(SummaryFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/summary")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, ReadDashboard.Bind, handler.GetAsync, cancellationToken);
}
