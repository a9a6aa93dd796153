using Connector.Admin;
using Connector.Admin.Cases;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListCasesFunction(HttpEdge edge, CaseAdmin handler)
{
    [Function(nameof(ListCasesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/cases")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, ListCases.Bind, handler.ListAsync, cancellationToken);
}
