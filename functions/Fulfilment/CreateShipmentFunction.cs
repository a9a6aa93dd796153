using Connector.Fulfilment;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Fulfilment;

public sealed class CreateShipmentFunction(ShipmentHandlers handlers)
{
    [Function(nameof(CreateShipmentFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/shipments")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => handlers.CreateAsync(request, merchantId, cancellationToken);
}
