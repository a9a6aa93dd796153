using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class UpdateShopSettingsFunction(ShopSettingsUpdate handler, AdminAccess access)
{
    [Function(nameof(UpdateShopSettingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "admin/shops/{shopId}/settings")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.UpdateSettingsAsync(request, shopId, cancellationToken));
}
