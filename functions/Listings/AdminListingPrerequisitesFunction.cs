using Connector.Admin;
using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminListingPrerequisitesFunction(ListingAdmin admin, AdminAccess access)
{
    [Function(nameof(AdminListingPrerequisitesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/listings/prerequisites")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => admin.CheckPrerequisitesAsync(request, shopId, cancellationToken));
}
