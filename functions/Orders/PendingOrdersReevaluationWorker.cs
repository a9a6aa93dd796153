using Connector.Catalog;
using Connector.Orders;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Orders;

public sealed class PendingOrdersReevaluationWorker(PendingOrdersReevaluation reevaluation)
{
    [Function(nameof(PendingOrdersReevaluationWorker))]
    public Task Run([QueueTrigger("%SkuReevaluationQueue%")] SkuReevaluationMessage message, CancellationToken cancellationToken) =>
        reevaluation.HandleAsync(message, cancellationToken);
}
