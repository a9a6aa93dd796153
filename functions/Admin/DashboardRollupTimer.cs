using Connector.Admin.Summary;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Admin;

/// <summary>Refreshes the dashboard's rollup from every shop's day rows (every 5 minutes by default).</summary>
public sealed class DashboardRollupTimer(DashboardRollup rollup)
{
    [Function(nameof(DashboardRollupTimer))]
    public Task Run([TimerTrigger("%DashboardRollupSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => rollup.RefreshAsync(cancellationToken);
}
