using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminShopListingsFunction(ListingAdmin admin)
{
    [Function(nameof(AdminShopListingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/shops/{shopId}/listings")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) => admin.ListAsync(request, shopId, cancellationToken);
}
