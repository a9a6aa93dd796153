using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class RenameShopFunction(HttpEdge edge, ShopRename handler)
{
    [Function(nameof(RenameShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/rename")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => RenameShop.Bind(r, shopId), handler.RenameAsync, cancellationToken);
}
