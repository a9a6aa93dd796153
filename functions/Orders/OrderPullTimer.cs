using Connector.Orders;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Orders;

public sealed class OrderPullTimer(OrderPullFanOut fanOut)
{
    [Function(nameof(OrderPullTimer))]
    public Task Run([TimerTrigger("%OrderPullSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => fanOut.RunAsync(cancellationToken);
}
