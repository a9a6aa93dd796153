using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class TikTokCategoriesFunction(HttpEdge edge, ListingQueries queries)
{
    [Function(nameof(TikTokCategoriesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shops/{shopId}/tiktok/categories")] HttpRequest request,
        string merchantId,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => ListTikTokCategories.Bind(r, merchantId, shopId), queries.CategoriesAsync, cancellationToken);
}
