using Connector.Fulfilment;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Fulfilment;

public sealed class GetShipmentFunction(HttpEdge edge, ShipmentHandlers handlers)
{
    [Function(nameof(GetShipmentFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shipments/{shipmentId}")] HttpRequest request,
        string merchantId,
        string shipmentId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => GetShipment.Bind(r, merchantId, shipmentId), handlers.GetAsync, cancellationToken);
}
