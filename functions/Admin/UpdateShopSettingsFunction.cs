using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class UpdateShopSettingsFunction(HttpEdge edge, ShopSettingsUpdate handler)
{
    [Function(nameof(UpdateShopSettingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "admin/shops/{shopId}/settings")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => UpdateShopSettings.Bind(r, shopId), handler.UpdateSettingsAsync, cancellationToken);
}
