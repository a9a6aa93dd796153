using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class TikTokCategoryFunction(HttpEdge edge, ListingQueries queries)
{
    [Function(nameof(TikTokCategoryFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shops/{shopId}/tiktok/categories/{categoryId}")] HttpRequest request,
        string merchantId,
        string shopId,
        string categoryId,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => GetTikTokCategory.Bind(r, merchantId, shopId, categoryId), queries.CategoryAsync, cancellationToken);
}
