using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ResumeShopFunction(ShopStatusChanges handler, AdminAccess access)
{
    [Function(nameof(ResumeShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/resume")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.ResumeAsync(request, shopId, cancellationToken));
}
