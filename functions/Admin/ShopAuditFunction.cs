using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ShopAuditFunction(HttpEdge edge, AuditLogAdmin handler)
{
    [Function(nameof(ShopAuditFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/audit")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ReadAudit.Bind(r, shopId), handler.AuditAsync, cancellationToken);
}
