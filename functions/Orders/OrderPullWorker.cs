using Connector.Orders;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Orders;

public sealed class OrderPullWorker(OrderPullHandler handler)
{
    [Function(nameof(OrderPullWorker))]
    public Task Run([QueueTrigger("%OrderPullQueue%")] OrderPullMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(message, cancellationToken);
}
