using Connector.Admin.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class DeleteShopFunction(ShopDeletion handler)
{
    [Function(nameof(DeleteShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "admin/shops/{shopId}")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) => handler.DeleteAsync(request, shopId, cancellationToken);
}
