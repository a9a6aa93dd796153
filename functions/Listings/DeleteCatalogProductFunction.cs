using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class DeleteCatalogProductFunction(HttpEdge edge, CatalogEndpoint catalog)
{
    [Function(nameof(DeleteCatalogProductFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "merchants/{merchantId}/products/{productId}")] HttpRequest request,
        string merchantId,
        string productId,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => CatalogProductRef.Bind(r, merchantId, productId), catalog.DeleteAsync, cancellationToken);
}
