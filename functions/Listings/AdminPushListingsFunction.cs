using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class AdminPushListingsFunction(ListingAdmin admin)
{
    [Function(nameof(AdminPushListingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/shops/{shopId}/listings/push")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) => admin.PushAsync(request, shopId, cancellationToken);
}
