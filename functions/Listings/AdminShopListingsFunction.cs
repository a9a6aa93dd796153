using Connector.Admin;
using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminShopListingsFunction(HttpEdge edge, ListingAdmin admin)
{
    [Function(nameof(AdminShopListingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/listings")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ListShopListings.Bind(r, shopId), admin.ListAsync, cancellationToken);
}
