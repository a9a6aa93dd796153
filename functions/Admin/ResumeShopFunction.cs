using Connector.Admin.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ResumeShopFunction(ShopAdmin handler)
{
    [Function(nameof(ResumeShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/shops/{shopId}/resume")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) => handler.ResumeAsync(request, shopId, cancellationToken);
}
