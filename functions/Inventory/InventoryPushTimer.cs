using Connector.Inventory;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Inventory;

public sealed class InventoryPushTimer(InventoryScheduling scheduling)
{
    [Function(nameof(InventoryPushTimer))]
    public Task Run([TimerTrigger("%InventoryPushSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => scheduling.FanOutPushAsync(cancellationToken);
}
