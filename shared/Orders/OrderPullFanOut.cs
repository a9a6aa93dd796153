using Connector.Messaging;
using Connector.Shops;
using Microsoft.Extensions.Logging;

namespace Connector.Orders;

/// <summary>
/// The order-pull timer: one <see cref="OrderPullMessage"/> per Active shop, read from the status index page by page
/// and sent in parallel while the next page loads. A shop whose previous pull still runs is skipped by the worker's lease.
/// </summary>
public sealed partial class OrderPullFanOut(ShopRepository shops, MessageQueue messages, QueueNames queues, ILogger<OrderPullFanOut> logger)
{
    public const int PageSize = 1000;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var sent = await messages.FanOutAsync(queues.OrderPull, ActiveShopIdsAsync(shops, cancellationToken), id => new OrderPullMessage(id), cancellationToken);
        LogFannedOut(sent);
        return sent;
    }

    /// <summary>Every Active shop id, a page of the status index at a time.</summary>
    public static IAsyncEnumerable<string> ActiveShopIdsAsync(ShopRepository shops, CancellationToken cancellationToken) =>
        shops.AllByStatusAsync(ShopStatus.Active, cancellationToken).Select(entry => entry.ShopId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order pull: {Count} shops queued")]
    private partial void LogFannedOut(int count);
}
