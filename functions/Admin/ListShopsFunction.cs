using Connector.Admin;
using Connector.Admin.Shops;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListShopsFunction(HttpEdge edge, ShopList handler)
{
    [Function(nameof(ListShopsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, ListShops.Bind, handler.ListAsync, cancellationToken);
}
