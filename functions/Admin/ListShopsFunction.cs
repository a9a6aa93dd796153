using Connector.Admin.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

public sealed class ListShopsFunction(ShopAdmin handler)
{
    [Function(nameof(ListShopsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/shops")] HttpRequest request,
        CancellationToken cancellationToken) => handler.ListAsync(request, cancellationToken);
}
