using Connector.Inventory;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Inventory;

public sealed class ProductSyncTimer(InventoryScheduling scheduling)
{
    [Function(nameof(ProductSyncTimer))]
    public Task Run([TimerTrigger("%ProductSyncSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => scheduling.FanOutProductSyncAsync(cancellationToken);
}
