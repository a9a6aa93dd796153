using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class WhoAmIFunction(HttpEdge edge, AdminAccess access)
{
    [Function(nameof(WhoAmIFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/me")] HttpRequest request,
        CancellationToken cancellationToken) => edge.RunAdminAsync(request, WhoAmI.Bind, access.MeAsync, cancellationToken);
}
