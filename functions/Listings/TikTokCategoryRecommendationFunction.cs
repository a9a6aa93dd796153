using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class TikTokCategoryRecommendationFunction(ListingQueries queries)
{
    [Function(nameof(TikTokCategoryRecommendationFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shops/{shopId}/tiktok/category-recommendation")] HttpRequest request,
        string merchantId,
        string shopId,
        CancellationToken cancellationToken) => queries.RecommendAsync(request, merchantId, shopId, cancellationToken);
}
