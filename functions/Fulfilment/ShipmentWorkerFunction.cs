using Connector.Messaging;
using Connector.Fulfilment;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Fulfilment;

public sealed class ShipmentWorkerFunction(ShipmentWorker worker, MessageFailures failures)
{
    [Function(nameof(ShipmentWorkerFunction))]
    public Task Run([QueueTrigger("%ShipmentQueue%")] ShipmentMessage message, CancellationToken cancellationToken) =>
        failures.RunAsync(message, () => worker.HandleAsync(message, cancellationToken), cancellationToken);
}
