using Connector.Admin.Cases;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListCasesFunction(CaseAdmin handler)
{
    [Function(nameof(ListCasesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/cases")] HttpRequest request,
        CancellationToken cancellationToken) => handler.ListAsync(request, cancellationToken);
}
