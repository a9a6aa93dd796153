using Connector.Messaging;
using Connector.Inventory;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Inventory;

public sealed class ProductSyncWorkerFunction(ProductSyncHandler handler, MessageFailures failures)
{
    [Function(nameof(ProductSyncWorkerFunction))]
    public Task Run([QueueTrigger("%ProductSyncQueue%")] ProductSyncMessage message, CancellationToken cancellationToken) =>
        failures.RunAsync(message, () => handler.HandleAsync(message, cancellationToken), cancellationToken);
}
