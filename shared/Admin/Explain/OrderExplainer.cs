using Connector.Http;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Connector.Admin.Explain;

/// <summary>Where an order is, in one word (the <c>verdict</c> of the explain endpoint).</summary>
public enum OrderVerdict
{
    /// <summary>Stored: its state, reason, history and how it arrived (poll or webhook).</summary>
    Stored,

    /// <summary>TikTok has it but an import rule keeps it out (unpaid, on hold and the shop waits, shipped by the platform).</summary>
    SkippedByRule,

    /// <summary>Updated on TikTok after the last pull's end (or never pulled yet): the next pull takes it.</summary>
    NotYetPulled,

    /// <summary>The shop's order import is switched off.</summary>
    ImportDisabled,

    /// <summary>The shop is paused or not activated yet: nothing is pulled.</summary>
    ShopNotActive,

    /// <summary>The seller's authorization expired or was revoked: nothing can be pulled until the seller authorizes again.</summary>
    AuthorizationExpired,

    /// <summary>Created before the shop's import start date and not updated since the first import.</summary>
    BeforeStartDate,

    /// <summary>Last updated before the first import and outside what it took (30 days of orders plus the open ones).</summary>
    BeforeFirstImport,

    /// <summary>Stored for another shop of the connector.</summary>
    OrderOfAnotherShop,

    /// <summary>TikTok does not know the order for this shop.</summary>
    UnknownOnTikTok,

    /// <summary>TikTok did not answer; ask again later.</summary>
    TikTokUnavailable,
}

/// <summary>
/// GET /api/admin/shops/{shopId}/orders/{orderId}/explain: "why is this order not here?". Stored orders answer with
/// their state and history; others are fetched from TikTok and run through the same <see cref="OrderRules"/> the
/// import uses, then checked against the shop's status, settings and pull watermark.
/// </summary>
public sealed partial class OrderExplainer(
    ShopRepository shops,
    OrderStore orders,
    OrderPullCheckpointStore checkpoints,
    RunStore runs,
    ITikTokShopClient tiktok,
    AfterSales.AfterSalesSummary afterSales,
    Schedules schedules,
    TimeProvider time,
    ILogger<OrderExplainer> logger)
{
    public async Task<IActionResult> ExplainAsync(string shopId, string orderId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(shopId) || await shops.GetAsync(shopId, cancellationToken) is not { } shop)
        {
            return Problems.NotFound($"Shop {shopId} does not exist.");
        }

        if (!AdminRequest.IsId(orderId))
        {
            return Problems.BadRequest("orderId must be 1 to 64 letters, digits, '.', '_' or '-'.");
        }

        var now = time.GetUtcNow();
        var checkpoint = await checkpoints.GetAsync(shopId, cancellationToken);
        var lastPull = await runs.LatestAsync(shopId, RunKinds.OrderPull, cancellationToken);
        var pull = new
        {
            Watermark = checkpoint.Watermark is { } w ? TikTokTime.FromUnix(w) : (DateTimeOffset?)null,
            Running = checkpoint.LeaseUntil > now,
            LastRun = lastPull,
            NextScheduledAt = shop.Status == ShopStatus.Active && shop.Settings.Orders.ImportEnabled ? schedules.NextOrderPull(now) : null,
        };

        if (await orders.GetAsync(shopId, orderId, cancellationToken) is { } stored)
        {
            var o = stored.Order;
            var (requests, afterSalesSentence) = await afterSales.ForOrderAsync(o.MerchantId, shopId, orderId, cancellationToken);
            return Answer(shop, orderId, OrderVerdict.Stored,
                $"Stored as {o.State}: {o.StateReason} (TikTok status {o.TikTokStatus}, last arrived by {o.Source})." + (afterSalesSentence is null ? "" : " " + afterSalesSentence),
                pull, stored: Stored(o), afterSalesRequests: requests);
        }

        var elsewhere = (await orders.FindInAnyShopAsync(orderId, cancellationToken)).FirstOrDefault(o => o.ShopId != shopId);
        if (elsewhere is not null)
        {
            return Answer(shop, orderId, OrderVerdict.OrderOfAnotherShop,
                $"Order {orderId} belongs to shop {elsewhere.ShopId} (merchant {elsewhere.MerchantId}), where it is {elsewhere.State}.",
                pull, stored: Stored(elsewhere), otherShopId: elsewhere.ShopId);
        }

        if (shop.Status == ShopStatus.ReauthorizationRequired)
        {
            return Answer(shop, orderId, OrderVerdict.AuthorizationExpired,
                $"The seller's authorization of shop {shopId} expired or was revoked, so nothing is pulled and TikTok cannot be asked. Send the seller the re-authorize link (GET /api/admin/shops/{shopId}/reauthorize-link).",
                pull);
        }

        TikTokOrder? order;
        try
        {
            order = (await tiktok.GetOrdersAsync(new TikTokShopRef(shop.ShopId, shop.Cipher), [orderId], cancellationToken)).FirstOrDefault(o => o.Id == orderId);
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.AccessTokenExpired)
        {
            return Answer(shop, orderId, OrderVerdict.AuthorizationExpired,
                $"TikTok refused the shop's authorization ({e.Kind}, request {e.RequestId}): the seller must authorize again (GET /api/admin/shops/{shopId}/reauthorize-link).",
                pull);
        }
        catch (TikTokException e)
        {
            LogTikTokFailed(shopId, orderId, e.Kind, e.RequestId);
            return Answer(shop, orderId, OrderVerdict.TikTokUnavailable,
                $"TikTok did not answer ({e.Kind}, request {e.RequestId}); ask again in a minute.", pull);
        }

        if (order is null)
        {
            return Answer(shop, orderId, OrderVerdict.UnknownOnTikTok,
                $"TikTok has no order {orderId} for shop {shopId} ({shop.Name}). Check the order id and the shop.", pull);
        }

        var onTikTok = new
        {
            order.Status,
            CreatedAt = TikTokTime.FromUnix(order.CreateTime),
            UpdatedAt = TikTokTime.FromUnix(order.UpdateTime),
            PaidAt = order.PaidTime is { } paid ? TikTokTime.FromUnix(paid) : (DateTimeOffset?)null,
            order.ShippingType,
            order.FulfillmentType,
            OnHold = order.Status == TikTokOrderStatus.OnHold,
            order.IsOnHoldOrder,
        };
        var settings = shop.Settings.Orders;
        var decision = OrderRules.Apply(order, null, shop.ShopId, shop.MerchantId, [], settings.ToImportSettings(), OrderSources.Poll, now);
        if (decision is OrderDecision.Skip skip)
        {
            return Answer(shop, orderId, OrderVerdict.SkippedByRule, "Not imported by rule: " + skip.Reason, pull, onTikTok);
        }

        if (shop.Status != ShopStatus.Active)
        {
            return Answer(shop, orderId, OrderVerdict.ShopNotActive, shop.Status == ShopStatus.Paused
                ? $"Shop {shopId} is paused, so its orders are not pulled. Resume it (POST /api/admin/shops/{shopId}/resume) and the next pull takes this order."
                : $"Shop {shopId} is not activated yet, so nothing is pulled. Activate it (POST /api/admin/shops/{shopId}/activate) to start the initial import.",
                pull, onTikTok);
        }

        if (!settings.ImportEnabled)
        {
            return Answer(shop, orderId, OrderVerdict.ImportDisabled,
                $"Order import is switched off for shop {shopId}. Switch it on (PATCH /api/admin/shops/{shopId}/settings {{\"orders\": {{\"importEnabled\": true}}}}).",
                pull, onTikTok);
        }

        if (checkpoint.Watermark is not { } watermark)
        {
            return Answer(shop, orderId, OrderVerdict.NotYetPulled,
                pull.Running ? "The shop's first import is running now; the order comes with it." : $"The shop's first import has not run yet; the next pull is at {pull.NextScheduledAt:O}.",
                pull, onTikTok);
        }

        if (order.UpdateTime >= watermark || checkpoint.WindowOpen)
        {
            return Answer(shop, orderId, OrderVerdict.NotYetPulled,
                $"TikTok updated the order at {onTikTok.UpdatedAt:O}, after the last pull reached {TikTokTime.FromUnix(watermark):O}; the next pull (at {pull.NextScheduledAt:O}, or now with POST /api/admin/shops/{shopId}/sync/orders) takes it."
                + (lastPull?.Outcome == RunOutcome.Failed ? $" Note: the last pull failed ({lastPull.ErrorType}: {lastPull.Error})." : ""),
                pull, onTikTok);
        }

        if (settings.ImportStartDate is { } start && onTikTok.CreatedAt < start)
        {
            return Answer(shop, orderId, OrderVerdict.BeforeStartDate,
                $"Created at {onTikTok.CreatedAt:O}, before the shop's import start date {start:O}, and not updated on TikTok since the first import.",
                pull, onTikTok);
        }

        return Answer(shop, orderId, OrderVerdict.BeforeFirstImport,
            $"Last updated on TikTok at {onTikTok.UpdatedAt:O}, before the shop's first import, which took orders created in the {Shops.ShopAdmin.DefaultInitialImport.TotalDays:0} days before activation (or since the import start date) plus every open order; this one was neither.",
            pull, onTikTok);
    }

    private static object Stored(StoredOrder o) => new
    {
        o.ShopId,
        o.MerchantId,
        State = o.State.ToString(),
        o.StateReason,
        o.TikTokStatus,
        o.Source,
        o.MissingSkus,
        o.History,
        o.ImportedAt,
        o.UpdatedAt,
        o.ReleasedAt,
        o.CancellationRequest,
        o.AfterSales,
        TikTokUpdatedAt = TikTokTime.FromUnix(o.UpdateTime),
    };

    private static IActionResult Answer(ShopRecord shop, string orderId, OrderVerdict verdict, string explanation, object pull,
        object? tiktok = null, object? stored = null, string? otherShopId = null, IReadOnlyList<object>? afterSalesRequests = null) =>
        Problems.Json(new
        {
            shopId = shop.ShopId,
            orderId,
            verdict = verdict.ToString(),
            explanation,
            shop = new { status = shop.Status.ToString(), shop.Settings.Orders },
            stored,
            tiktok,
            otherShopId,
            afterSales = afterSalesRequests ?? [],
            orderPull = pull,
        });

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Explain order {OrderId} of shop {ShopId}: TikTok failed ({Kind}, request {RequestId})")]
    private partial void LogTikTokFailed(string shopId, string orderId, TikTokErrorKind kind, string? requestId);
}
