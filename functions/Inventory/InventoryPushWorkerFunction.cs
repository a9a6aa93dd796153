using Connector.Messaging;
using Connector.Inventory;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Inventory;

public sealed class InventoryPushWorkerFunction(InventoryPushHandler handler, MessageFailures failures)
{
    [Function(nameof(InventoryPushWorkerFunction))]
    public Task Run([QueueTrigger("%InventoryPushQueue%")] InventoryPushMessage message, CancellationToken cancellationToken) =>
        failures.RunAsync(message, () => handler.HandleAsync(message, cancellationToken), cancellationToken);
}
