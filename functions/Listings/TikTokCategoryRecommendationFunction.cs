using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class TikTokCategoryRecommendationFunction(HttpEdge edge, ListingQueries queries)
{
    [Function(nameof(TikTokCategoryRecommendationFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shops/{shopId}/tiktok/category-recommendation")] HttpRequest request,
        string merchantId,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => RecommendCategory.Bind(r, merchantId, shopId), queries.RecommendAsync, cancellationToken);
}
