using Connector.AfterSales;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

public sealed class AfterSalesPullWorker(AfterSalesPull pull)
{
    [Function(nameof(AfterSalesPullWorker))]
    public Task Run([QueueTrigger("%AfterSalesQueue%")] AfterSalesPullMessage message, CancellationToken cancellationToken) => pull.HandleAsync(message, cancellationToken);
}
