using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ResumeShopFunction(HttpEdge edge, ShopStatusChanges handler)
{
    [Function(nameof(ResumeShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/resume")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ShopOperation.Bind(r, shopId), handler.ResumeAsync, cancellationToken);
}
