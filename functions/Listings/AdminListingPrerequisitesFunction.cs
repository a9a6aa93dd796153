using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminListingPrerequisitesFunction(ListingAdmin admin)
{
    [Function(nameof(AdminListingPrerequisitesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/shops/{shopId}/listings/prerequisites")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) => admin.CheckPrerequisitesAsync(request, shopId, cancellationToken);
}
