using Connector.Messaging;
using Connector.Shops;
using Microsoft.Extensions.Logging;

namespace Connector.Inventory;

/// <summary>
/// The timers' fan-outs (one message per Active shop) and the commands other capabilities call: activation, and the
/// admin's push now / full resync / products sync now.
/// </summary>
public sealed partial class InventoryScheduling(ShopRepository shops, MessageQueue messages, QueueNames queues, ILogger<InventoryScheduling> logger)
{
    /// <summary><c>%InventoryPushSchedule%</c>: one inventory-push message per Active shop (the worker skips shops with export off).</summary>
    public async Task<int> FanOutPushAsync(CancellationToken cancellationToken)
    {
        var sent = await messages.FanOutAsync(queues.InventoryPush, ActiveShopsAsync(cancellationToken), s => new InventoryPushMessage(s.ShopId), cancellationToken);
        LogFannedOut("inventory push", sent);
        return sent;
    }

    /// <summary><c>%ProductSyncSchedule%</c>: one product-sync message per Active shop.</summary>
    public async Task<int> FanOutProductSyncAsync(CancellationToken cancellationToken)
    {
        var sent = await messages.FanOutAsync(queues.ProductSync, ActiveShopsAsync(cancellationToken), s => new ProductSyncMessage(s.ShopId), cancellationToken);
        LogFannedOut("products sync", sent);
        return sent;
    }

    /// <summary>A shop became Active: sync its products, then push its stock (if export is on).</summary>
    public Task ShopActivatedAsync(string shopId, CancellationToken cancellationToken) =>
        messages.SendAsync(queues.ProductSync, new ProductSyncMessage(shopId, "activation", PushAfterSync: true), cancellationToken);

    /// <summary>Admin: push a shop now; <paramref name="fullResync"/> sends every quantity, changed or not.</summary>
    public Task RequestPushAsync(string shopId, bool fullResync, CancellationToken cancellationToken) =>
        messages.SendAsync(queues.InventoryPush, new InventoryPushMessage(shopId, "admin", fullResync), cancellationToken);

    /// <summary>Admin: sync a shop's products now (and push after it when <paramref name="pushAfterSync"/>).</summary>
    public Task RequestProductSyncAsync(string shopId, bool pushAfterSync, CancellationToken cancellationToken) =>
        messages.SendAsync(queues.ProductSync, new ProductSyncMessage(shopId, "admin", pushAfterSync), cancellationToken);

    private IAsyncEnumerable<ShopIndexEntry> ActiveShopsAsync(CancellationToken cancellationToken) => shops.AllByStatusAsync(ShopStatus.Active, cancellationToken);

    [LoggerMessage(EventId = 6401, Level = LogLevel.Information, Message = "{What}: {Count} shops scheduled")]
    private partial void LogFannedOut(string what, int count);
}
