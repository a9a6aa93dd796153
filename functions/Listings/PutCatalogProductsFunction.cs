using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class PutCatalogProductsFunction(HttpEdge edge, CatalogEndpoint catalog)
{
    [Function(nameof(PutCatalogProductsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "merchants/{merchantId}/products")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => PutCatalogProducts.Bind(r, merchantId), catalog.PutAsync, cancellationToken);
}
