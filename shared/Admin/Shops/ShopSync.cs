using Connector.Audit;
using Connector.Http;
using Connector.Inventory;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Shops;

/// <summary>POST /api/admin/shops/{shopId}/sync/{what}: an order pull, a full inventory resync or a products sync now.</summary>
public sealed class ShopSync(AdminShopRecords records, MessageQueue messages, QueueNames queues, InventoryScheduling inventory, AuditLog audit, TimeProvider time)
{
    public static readonly string[] SyncTargets = [SyncOrders, SyncInventory, SyncProducts];
    public const string SyncOrders = "orders";
    public const string SyncInventory = "inventory";
    public const string SyncProducts = "products";

    /// <summary>POST /api/admin/shops/{shopId}/sync/{what}: orders (a pull now), inventory (a full resync push) or products (a products sync).</summary>
    public async Task<IActionResult> SyncAsync(HttpRequest request, string shopId, string what, CancellationToken cancellationToken)
    {
        var target = what.ToLowerInvariant();
        if (!SyncTargets.Contains(target))
        {
            return Problems.BadRequest($"Unknown sync '{what}'. Use one of: {string.Join(", ", SyncTargets)}.");
        }

        if (target != SyncOrders && AdminRequest.Query(request, "since") is not null)
        {
            return Problems.BadRequest("since applies to orders only (POST .../sync/orders?since=...).",
                new Dictionary<string, string[]> { ["since"] = ["applies to orders only"] });
        }

        if (await records.FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        if (shop.Status != ShopStatus.Active)
        {
            return Problems.Conflict($"Shop {shopId} is {shop.Status}; only Active shops are synced.");
        }

        string queue;
        object? details = null;
        switch (target)
        {
            case SyncOrders:
                if (!shop.Settings.Orders.ImportEnabled)
                {
                    return Problems.Conflict($"Order import is off for shop {shopId}; switch it on first (PATCH settings orders.importEnabled).");
                }

                var pull = new OrderPullMessage(shop.ShopId, "admin");
                if (AdminRequest.Query(request, "since") is { } sinceText)
                {
                    // A re-import of every order created since then (a backfill run), then the regular pull.
                    if (!DateTimeOffset.TryParse(sinceText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since)
                        || since > time.GetUtcNow() || since < time.GetUtcNow().AddYears(-1))
                    {
                        return Problems.BadRequest("since must be an ISO 8601 date and time within the last year, e.g. 2026-01-01T00:00:00Z.",
                            new Dictionary<string, string[]> { ["since"] = ["must be an ISO 8601 date and time within the last year, not in the future"] });
                    }

                    pull = pull with { Since = since, Reimport = true };
                }

                await messages.SendAsync(queues.OrderPull, pull, cancellationToken);
                details = pull.Since is { } s ? new { queue = queues.OrderPull, since = s } : null;
                queue = queues.OrderPull;
                break;
            case SyncInventory:
                if (shop.Settings.Inventory is not { Enabled: true })
                {
                    return Problems.Conflict($"Inventory export is off for shop {shopId}; switch it on first (PATCH settings inventory.enabled).");
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

        await audit.WriteAsync(AdminCaller.KeyName(request), AuditActions.SyncShop, shop.ShopId, target, details ?? new { queue }, cancellationToken);
        return Problems.Json(new { shopId = shop.ShopId, sync = target, queued = true }, StatusCodes.Status202Accepted);
    }
}
