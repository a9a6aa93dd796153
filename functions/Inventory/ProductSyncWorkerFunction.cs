using Connector.Inventory;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Inventory;

public sealed class ProductSyncWorkerFunction(ProductSyncHandler handler)
{
    [Function(nameof(ProductSyncWorkerFunction))]
    public Task Run([QueueTrigger("%ProductSyncQueue%")] ProductSyncMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(message, cancellationToken);
}
