using Connector.Http;
using Connector.Inventory;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Inventory;

public sealed class PutInventoryLevelsFunction(HttpEdge edge, StockInHandler handler)
{
    [Function(nameof(PutInventoryLevelsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "merchants/{merchantId}/inventory")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => PutStockLevels.Bind(r, merchantId), handler.PutAsync, cancellationToken);
}
