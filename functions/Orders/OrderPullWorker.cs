using Connector.Messaging;
using Connector.Orders;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Orders;

public sealed class OrderPullWorker(OrderPullHandler handler, MessageFailures failures)
{
    [Function(nameof(OrderPullWorker))]
    public Task Run([QueueTrigger("%OrderPullQueue%")] OrderPullMessage message, CancellationToken cancellationToken) =>
        failures.RunAsync(message, () => handler.HandleAsync(message, cancellationToken), cancellationToken);
}
