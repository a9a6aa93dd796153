using Connector.Finance;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSyncTimer(FinanceScheduling scheduling)
{
    [Function(nameof(FinanceSyncTimer))]
    public Task Run([TimerTrigger("%FinanceSyncSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => scheduling.FanOutAsync("schedule", cancellationToken);
}
