using Connector.Admin.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class AuditLogFunction(ShopAdmin handler)
{
    [Function(nameof(AuditLogFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/audit")] HttpRequest request,
        CancellationToken cancellationToken) => handler.GlobalAuditAsync(request, cancellationToken);
}
