using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class GetShopFunction(HttpEdge edge, ShopDetail handler)
{
    [Function(nameof(GetShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ShopOperation.Bind(r, shopId), handler.GetAsync, cancellationToken);
}
