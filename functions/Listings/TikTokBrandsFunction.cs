using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class TikTokBrandsFunction(HttpEdge edge, ListingQueries queries)
{
    [Function(nameof(TikTokBrandsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shops/{shopId}/tiktok/brands")] HttpRequest request,
        string merchantId,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => ListTikTokBrands.Bind(r, merchantId, shopId), queries.BrandsAsync, cancellationToken);
}
