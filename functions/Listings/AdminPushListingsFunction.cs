using Connector.Admin;
using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminPushListingsFunction(ListingAdmin admin, AdminAccess access)
{
    [Function(nameof(AdminPushListingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/listings/push")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => admin.PushAsync(request, shopId, cancellationToken));
}
