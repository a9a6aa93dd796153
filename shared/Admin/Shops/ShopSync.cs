using Connector.Audit;
using Connector.Http;
using Connector.Inventory;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;

namespace Connector.Admin.Shops;

/// <summary>POST /api/admin/shops/{shopId}/sync/{what}: an order pull, a full inventory resync or a products sync now.</summary>
public sealed class ShopSync(AdminShopRecords records, MessageQueue messages, QueueNames queues, InventoryScheduling inventory, AuditLog audit)
{
    /// <summary>POST /api/admin/shops/{shopId}/sync/{what}: orders (a pull now), inventory (a full resync push) or products (a products sync).</summary>
    public async Task<Outcome<ShopSyncQueued>> SyncAsync(SyncShop request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var shopId = request.ShopId;
        if (await records.FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        if (shop.Status != ShopStatus.Active)
        {
            return Refusal.Conflict($"Shop {shopId} is {shop.Status}; only Active shops are synced.");
        }

        string queue;
        object? details = null;
        switch (request.Target)
        {
            case SyncShop.Orders:
                if (!shop.Settings.Orders.ImportEnabled)
                {
                    return Refusal.Conflict($"Order import is off for shop {shopId}; switch it on first (PATCH settings orders.importEnabled).");
                }

                // With since: a re-import of every order created since then (a backfill run), then the regular pull.
                var pull = request.Since is { } since ? new OrderPullMessage(shop.ShopId, "admin") { Since = since, Reimport = true } : new OrderPullMessage(shop.ShopId, "admin");
                await messages.SendAsync(queues.OrderPull, pull, cancellationToken);
                details = pull.Since is { } s ? new { queue = queues.OrderPull, since = s } : null;
                queue = queues.OrderPull;
                break;
            case SyncShop.Inventory:
                if (shop.Settings.Inventory is not { Enabled: true })
                {
                    return Refusal.Conflict($"Inventory export is off for shop {shopId}; switch it on first (PATCH settings inventory.enabled).");
                }

                // A full resync: every quantity, changed or not.
                await inventory.RequestPushAsync(shop.ShopId, fullResync: true, cancellationToken);
                queue = queues.InventoryPush;
                break;
            default:
                await inventory.RequestProductSyncAsync(shop.ShopId, pushAfterSync: shop.Settings.Inventory is { Enabled: true }, cancellationToken);
                queue = queues.ProductSync;
                break;
        }

        await audit.WriteAsync(request.Caller, AuditActions.SyncShop, shop.ShopId, request.Target, details ?? new { queue }, cancellationToken);
        return Outcome<ShopSyncQueued>.Accepted(new ShopSyncQueued(shop.ShopId, request.Target, Queued: true));
    }
}
