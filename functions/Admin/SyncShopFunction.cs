using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class SyncShopFunction(HttpEdge edge, ShopSync handler)
{
    [Function(nameof(SyncShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/sync/{what}")] HttpRequest request,
        string shopId,
        string what,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => SyncShop.Bind(r, shopId, what), handler.SyncAsync, cancellationToken);
}
