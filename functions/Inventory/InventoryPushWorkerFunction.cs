using Connector.Inventory;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Inventory;

public sealed class InventoryPushWorkerFunction(InventoryPushHandler handler)
{
    [Function(nameof(InventoryPushWorkerFunction))]
    public Task Run([QueueTrigger("%InventoryPushQueue%")] InventoryPushMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(message, cancellationToken);
}
