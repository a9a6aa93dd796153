using Connector.Messaging;
using Connector.Shops;
using Microsoft.Extensions.Logging;

namespace Connector.Finance;

/// <summary>
/// Queues finance syncs: the daily timer (<c>%FinanceSyncSchedule%</c>) and "sync now for every shop" send one message
/// per Active shop; "sync now" for one shop sends one. A shop whose previous sync still runs is skipped by the worker's lease.
/// </summary>
public sealed partial class FinanceScheduling(ShopRepository shops, MessageQueue messages, QueueNames queues, ILogger<FinanceScheduling> logger)
{
    public async Task<int> FanOutAsync(string trigger, CancellationToken cancellationToken)
    {
        var sent = await messages.FanOutAsync(queues.FinanceSync, shops.AllByStatusAsync(ShopStatus.Active, cancellationToken).Select(entry => entry.ShopId), id => new FinanceSyncMessage(id, trigger), cancellationToken);
        LogFannedOut(sent, trigger);
        return sent;
    }

    public Task RequestAsync(string shopId, string trigger, CancellationToken cancellationToken) =>
        messages.SendAsync(queues.FinanceSync, new FinanceSyncMessage(shopId, trigger), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finance sync: {Count} shops queued ({Trigger})")]
    private partial void LogFannedOut(int count, string trigger);
}
