using Connector.Catalog;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Catalog;

public sealed class SkuCatalogFunction(HttpEdge edge, SkuCatalogEndpoint catalog)
{
    [Function(nameof(SkuCatalogFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "merchants/{merchantId}/skus")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => PutSkus.Bind(r, merchantId), catalog.PutAsync, cancellationToken);
}
