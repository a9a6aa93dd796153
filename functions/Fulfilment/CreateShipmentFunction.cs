using Connector.Fulfilment;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Fulfilment;

public sealed class CreateShipmentFunction(HttpEdge edge, ShipmentHandlers handlers)
{
    [Function(nameof(CreateShipmentFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/shipments")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => CreateShipment.Bind(r, merchantId), handlers.CreateAsync, cancellationToken);
}
