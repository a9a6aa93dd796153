using Connector.Fulfilment;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Fulfilment;

public sealed class ListShipmentsFunction(HttpEdge edge, ShipmentHandlers handlers)
{
    [Function(nameof(ListShipmentsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/shipments")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => ListShipments.Bind(r, merchantId), handlers.ListAsync, cancellationToken);
}
