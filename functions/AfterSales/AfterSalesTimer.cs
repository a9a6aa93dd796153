using Connector.AfterSales;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.AfterSales;

/// <summary>With every order pull: one after-sales pull message per Active shop, then the deadline check.</summary>
public sealed class AfterSalesTimer(AfterSalesPull pull)
{
    [Function(nameof(AfterSalesTimer))]
    public Task Run([TimerTrigger("%OrderPullSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => pull.RunScheduleAsync(cancellationToken);
}
