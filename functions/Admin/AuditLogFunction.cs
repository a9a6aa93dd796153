using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Audit;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class AuditLogFunction(HttpEdge edge, AuditLogAdmin handler)
{
    [Function(nameof(AuditLogFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/audit")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ReadAudit.Bind(r, null), handler.AuditAsync, cancellationToken);
}
