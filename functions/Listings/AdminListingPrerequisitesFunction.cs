using Connector.Admin;
using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminListingPrerequisitesFunction(HttpEdge edge, ListingAdmin admin)
{
    [Function(nameof(AdminListingPrerequisitesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/listings/prerequisites")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => CheckListingPrerequisites.Bind(r, shopId), admin.CheckPrerequisitesAsync, cancellationToken);
}
