using Connector.AfterSales;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

/// <summary>One after-sales pull message per Active shop (every 15 minutes, like the order pull), then the deadline check.</summary>
public sealed class AfterSalesTimer(AfterSalesPull pull)
{
    [Function(nameof(AfterSalesTimer))]
    public Task Run([TimerTrigger("%AfterSalesPullSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => pull.RunScheduleAsync(cancellationToken);
}
