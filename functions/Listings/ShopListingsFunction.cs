using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class ShopListingsFunction(HttpEdge edge, ListingQueries queries)
{
    [Function(nameof(ShopListingsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shops/{shopId}/listings")] HttpRequest request,
        string merchantId,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => ListMerchantListings.Bind(r, merchantId, shopId), queries.ListAsync, cancellationToken);
}
