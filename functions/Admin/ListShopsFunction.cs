using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListShopsFunction(ShopList handler, AdminAccess access)
{
    [Function(nameof(ListShopsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops")] HttpRequest request,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.ListAsync(request, cancellationToken));
}
