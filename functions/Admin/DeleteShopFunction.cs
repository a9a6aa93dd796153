using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class DeleteShopFunction(HttpEdge edge, ShopDeletion handler)
{
    [Function(nameof(DeleteShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/shops/{shopId}")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => DeleteShop.Bind(r, shopId), handler.DeleteAsync, cancellationToken);
}
