using Connector.Admin;
using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminShopListingsFunction(ListingAdmin admin, AdminAccess access)
{
    [Function(nameof(AdminShopListingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/listings")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => admin.ListAsync(request, shopId, cancellationToken));
}
