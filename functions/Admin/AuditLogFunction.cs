using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Audit;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class AuditLogFunction(AuditLogAdmin handler, AdminAccess access)
{
    [Function(nameof(AuditLogFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/audit")] HttpRequest request,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.GlobalAuditAsync(request, cancellationToken));
}
