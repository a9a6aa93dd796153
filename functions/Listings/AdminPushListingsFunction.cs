using Connector.Admin;
using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminPushListingsFunction(HttpEdge edge, ListingAdmin admin)
{
    [Function(nameof(AdminPushListingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/listings/push")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => PushListings.Bind(r, shopId), admin.PushAsync, cancellationToken);
}
