using Connector.Fulfilment;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Fulfilment;

public sealed class GetShipmentFunction(ShipmentHandlers handlers)
{
    [Function(nameof(GetShipmentFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shipments/{shipmentId}")] HttpRequest request,
        string merchantId,
        string shipmentId,
        CancellationToken cancellationToken) => handlers.GetAsync(request, merchantId, shipmentId, cancellationToken);
}
