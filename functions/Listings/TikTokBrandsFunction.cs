using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class TikTokBrandsFunction(ListingQueries queries)
{
    [Function(nameof(TikTokBrandsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shops/{shopId}/tiktok/brands")] HttpRequest request,
        string merchantId,
        string shopId,
        CancellationToken cancellationToken) => queries.BrandsAsync(request, merchantId, shopId, cancellationToken);
}
