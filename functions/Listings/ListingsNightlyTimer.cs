using Connector.Listings;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class ListingsNightlyTimer(ListingScheduling scheduling)
{
    [Function(nameof(ListingsNightlyTimer))]
    public Task Run([TimerTrigger("%ListingsSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => scheduling.FanOutNightlyAsync(cancellationToken);
}
