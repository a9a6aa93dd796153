using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class SyncShopFunction(ShopSync handler, AdminAccess access)
{
    [Function(nameof(SyncShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/sync/{what}")] HttpRequest request,
        string shopId,
        string what,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.SyncAsync(request, shopId, what, cancellationToken));
}
