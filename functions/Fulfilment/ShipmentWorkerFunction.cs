using Connector.Fulfilment;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Fulfilment;

public sealed class ShipmentWorkerFunction(ShipmentWorker worker)
{
    [Function(nameof(ShipmentWorkerFunction))]
    public Task Run([QueueTrigger("%ShipmentQueue%")] ShipmentMessage message, CancellationToken cancellationToken) =>
        worker.HandleAsync(message, cancellationToken);
}
