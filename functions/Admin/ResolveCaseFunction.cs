using Connector.Admin;
using Connector.Admin.Cases;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ResolveCaseFunction(HttpEdge edge, CaseAdmin handler)
{
    [Function(nameof(ResolveCaseFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/cases/{caseId}/resolve")] HttpRequest request,
        string caseId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ResolveCase.Bind(r, caseId), handler.ResolveAsync, cancellationToken);
}
