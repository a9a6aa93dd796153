using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class PauseShopFunction(HttpEdge edge, ShopStatusChanges handler)
{
    [Function(nameof(PauseShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/pause")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ShopOperation.Bind(r, shopId), handler.PauseAsync, cancellationToken);
}
