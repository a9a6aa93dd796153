using Connector.Messaging;
using Connector.Catalog;
using Connector.Orders;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Orders;

public sealed class PendingOrdersReevaluationWorker(PendingOrdersReevaluation reevaluation, MessageFailures failures)
{
    [Function(nameof(PendingOrdersReevaluationWorker))]
    public Task Run([QueueTrigger("%SkuReevaluationQueue%")] SkuReevaluationMessage message, CancellationToken cancellationToken) =>
        failures.RunAsync(message, () => reevaluation.HandleAsync(message, cancellationToken), cancellationToken);
}
