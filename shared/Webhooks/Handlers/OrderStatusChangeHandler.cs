using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks.Handlers;

/// <summary>
/// Type 1 (order status change): fetch that order and store it through <see cref="OrderImporter"/> (source "webhook"; the
/// newest update_time wins), when the shop is Active and its order import is on.
/// </summary>
public sealed class OrderStatusChangeHandler(
    IOrderPullShops orderShops,
    OrderStore orders,
    OrderImporter importer,
    ITikTokShopClient tiktok,
    ILogger<OrderStatusChangeHandler> logger) : IWebhookHandler
{
    public int Type => WebhookTypes.OrderStatusChange;

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var orderId = notification.DataText("order_id");
        if (string.IsNullOrEmpty(orderId))
        {
            return new WebhookOutcome(WebhookProcessor.Outcomes.MissingOrderId, RunOutcome.Skipped, Detail: "data.order_id is missing");
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = orderId });
        var pull = await orderShops.FindAsync(shop.ShopId, cancellationToken);
        if (pull is not { ImportEnabled: true })
        {
            return WebhookOutcome.ImportOff(shop, orderId, "; the order pull takes it when it is on");
        }

        // Out of order: what is stored is already as new as this notification, so there is nothing to fetch.
        var notified = notification.DataLong("update_time");
        var stored = await orders.GetAsync(shop.ShopId, orderId, cancellationToken);
        if (stored is not null && notified is not null && stored.Order.UpdateTime >= notified)
        {
            return new WebhookOutcome(WebhookProcessor.Outcomes.AlreadyCurrent, RunOutcome.Skipped, orderId, $"stored update_time {stored.Order.UpdateTime} >= notified {notified}");
        }

        IReadOnlyList<TikTokOrder> fetched;
        try
        {
            fetched = await tiktok.GetOrdersAsync(new TikTokShopRef(shop.ShopId, shop.Cipher), [orderId], cancellationToken);
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.InvalidRequest)
        {
            // Retrying cannot help; the token refresh marks a lost authorization, and the order pull is the safety net.
            return WebhookOutcome.TikTokRefused(e, orderId);
        }

        if (fetched.Count == 0)
        {
            return new WebhookOutcome(WebhookProcessor.Outcomes.OrderNotFound, RunOutcome.Skipped, orderId, "TikTok returned no order with this id");
        }

        var result = await importer.ImportAsync(new OrderShopContext(shop.ShopId, shop.MerchantId, pull.Settings), fetched, OrderSources.Webhook, cancellationToken);
        foreach (var cancelled in result.CancelledAfterRelease)
        {
            await orderShops.CancelledAfterReleaseAsync(cancelled, cancellationToken);
        }

        var counts = result.Counts;
        var outcome = counts.New + counts.Updated > 0 ? WebhookProcessor.Outcomes.Imported
            : counts.Skipped > 0 ? WebhookProcessor.Outcomes.NotImported : WebhookProcessor.Outcomes.Unchanged;
        return new WebhookOutcome(outcome, outcome == WebhookProcessor.Outcomes.Imported ? RunOutcome.Succeeded : RunOutcome.Skipped, orderId,
            $"status {fetched[0].Status}, update_time {fetched[0].UpdateTime}", Counts(counts));
    }

    /// <summary>An import's counts as a run record's counts.</summary>
    public static IReadOnlyDictionary<string, long> Counts(OrderImportCounts c) =>
        new Dictionary<string, long> { ["new"] = c.New, ["updated"] = c.Updated, ["unchanged"] = c.Unchanged, ["skipped"] = c.Skipped };
}
