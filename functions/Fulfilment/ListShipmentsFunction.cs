using Connector.Fulfilment;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Fulfilment;

public sealed class ListShipmentsFunction(ShipmentHandlers handlers)
{
    [Function(nameof(ListShipmentsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shipments")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => handlers.ListAsync(request, merchantId, cancellationToken);
}
