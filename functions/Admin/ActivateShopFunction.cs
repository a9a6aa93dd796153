using Connector.Admin.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ActivateShopFunction(ShopAdmin handler)
{
    [Function(nameof(ActivateShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/shops/{shopId}/activate")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) => handler.ActivateAsync(request, shopId, cancellationToken);
}
