using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class TikTokCategoriesFunction(ListingQueries queries)
{
    [Function(nameof(TikTokCategoriesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shops/{shopId}/tiktok/categories")] HttpRequest request,
        string merchantId,
        string shopId,
        CancellationToken cancellationToken) => queries.CategoriesAsync(request, merchantId, shopId, cancellationToken);
}
