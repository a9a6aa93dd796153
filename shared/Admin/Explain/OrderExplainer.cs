using Connector.Http;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;
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

    /// <summary>Created before the shop's import start date (the remedy: move the start date back and sync: a backfill).</summary>
    BeforeStartDate,

    /// <summary>Created before what the first import took (its start, plus the open orders if it took them) and closed then.</summary>
    BeforeFirstImport,

    /// <summary>
    /// Within what the import covers, yet not stored: skipped under earlier settings (the audit log says when they changed),
    /// or removed. The remedy: sync orders since its creation.
    /// </summary>
    NotImported,

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
    Audit.AuditLog audit,
    ITikTokShopClient tiktok,
    AfterSales.AfterSalesSummary afterSales,
    Schedules schedules,
    TimeProvider time,
    ILogger<OrderExplainer> logger)
{
    /// <summary>GET /api/admin/shops/{shopId}/orders/{orderId}/explain.</summary>
    public async Task<Outcome<OrderExplanation>> ExplainAsync(ExplainOrder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (shopId, orderId) = (request.ShopId, request.OrderId);
        if (await shops.GetAsync(shopId, cancellationToken) is not { } shop)
        {
            return Refusal.NotFound($"Shop {shopId} does not exist.");
        }

        var now = time.GetUtcNow();
        var checkpoint = await checkpoints.GetAsync(shopId, cancellationToken);
        var lastPull = await runs.LatestAsync(shopId, RunKinds.OrderPull, cancellationToken);
        var pull = new ExplainedPull(
            checkpoint.Watermark is { } w ? TikTokTime.FromUnix(w) : null,
            checkpoint.ImportedFrom is { } f ? TikTokTime.FromUnix(f) : null,
            checkpoint.OpenOrdersTakenAt is { } taken ? TikTokTime.FromUnix(taken) : null,
            checkpoint.LeaseUntil > now,
            lastPull,
            shop.Status == ShopStatus.Active && shop.Settings.Orders.ImportEnabled ? schedules.NextOrderPull(now) : null);

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

        var onTikTok = new ExplainedTikTokOrder(
            order.Status,
            TikTokTime.FromUnix(order.CreateTime),
            TikTokTime.FromUnix(order.UpdateTime),
            order.PaidTime is { } paid ? TikTokTime.FromUnix(paid) : null,
            order.ShippingType,
            order.FulfillmentType,
            order.Status == TikTokOrderStatus.OnHold,
            order.IsOnHoldOrder);
        var settings = shop.Settings.Orders;
        var decision = OrderRules.Apply(order, null, shop.ShopId, shop.MerchantId, [], settings.ToImportSettings(), OrderSources.Poll, now);
        if (decision is OrderDecision.Skip skip)
        {
            return Answer(shop, orderId, OrderVerdict.SkippedByRule, "Not imported by rule: " + skip.Reason, pull, onTikTok,
                remedy: RuleRemedy(shopId, order, StartOfDay(onTikTok.CreatedAt), now));
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
                (checkpoint.WindowOpen && checkpoint.Backfill ? "A backfill of older orders is running now; " : "")
                + $"TikTok updated the order at {onTikTok.UpdatedAt:O}, after the last pull reached {TikTokTime.FromUnix(watermark):O}; the next pull (at {pull.NextScheduledAt:O}, or now with POST /api/admin/shops/{shopId}/sync/orders) takes it."
                + (lastPull?.Outcome == RunOutcome.Failed ? $" Note: the last pull failed ({lastPull.ErrorType}: {lastPull.Error})." : ""),
                pull, onTikTok);
        }

        var created = order.CreateTime;
        var createdDay = StartOfDay(onTikTok.CreatedAt);
        if (OrderPullHandler.BackfillRange(checkpoint, settings.ImportStartDate, new OrderPullMessage(shopId)) is { } backfill
            && created >= backfill.From && (backfill.To is null || created < backfill.To))
        {
            return Answer(shop, orderId, OrderVerdict.NotYetPulled,
                $"The start date was moved back to {settings.ImportStartDate:O}: the next pull (at {pull.NextScheduledAt:O}) first backfills the orders created since then, this one included.",
                pull, onTikTok, remedy: $"Wait for the next pull, or sync now: POST /api/admin/shops/{shopId}/sync/orders.");
        }

        var openWhenTaken = checkpoint.OpenOrdersTakenAt is { } takenAt && OrderRules.IsOpen(order.Status) && created < takenAt;
        if ((checkpoint.ImportedFrom is { } from && created >= from) || openWhenTaken)
        {
            var covered = openWhenTaken
                ? $"it was open when the first import took every open order ({TikTokTime.FromUnix(checkpoint.OpenOrdersTakenAt!.Value):O})"
                : $"it was created at {onTikTok.CreatedAt:O}, within what the import covers (orders created since {TikTokTime.FromUnix(checkpoint.ImportedFrom!.Value):O})";
            var change = await SettingsChangeSinceAsync(shopId, onTikTok.UpdatedAt, cancellationToken);
            var why = change is not null
                ? $" The shop's order settings were changed at {change.At:O} by {change.KeyName}, after TikTok last updated this order ({onTikTok.UpdatedAt:O}): it was skipped under the earlier settings (see GET /api/admin/shops/{shopId}/audit)."
                : " It may have been skipped under earlier settings or removed; the audit log (GET /api/admin/shops/{shopId}/audit) shows settings changes.";
            return Answer(shop, orderId, OrderVerdict.NotImported,
                $"Not stored, although {covered} and TikTok last updated it at {onTikTok.UpdatedAt:O}, before the last pull reached {TikTokTime.FromUnix(watermark):O}.{why}",
                pull, onTikTok, remedy: SyncSince(shopId, createdDay, now));
        }

        if (settings.ImportStartDate is { } start && onTikTok.CreatedAt < start)
        {
            return Answer(shop, orderId, OrderVerdict.BeforeStartDate,
                $"Created at {onTikTok.CreatedAt:O}, before the shop's import start date {start:O}: the import takes orders created since the start date"
                + (OrderRules.IsOpen(order.Status) ? " and, with a start date set, no older open orders." : "."),
                pull, onTikTok, remedy: MoveStartDate(shopId, createdDay, now));
        }

        var took = checkpoint.ImportedFrom is not { } firstFrom
            ? "The shop's first import did not take it"
            : checkpoint.OpenOrdersTakenAt is { } openAt && openAt <= firstFrom
                ? $"The shop's first import took only the orders open at {TikTokTime.FromUnix(openAt):O} (no start date was set)"
                : checkpoint.OpenOrdersTakenAt is { } openAt2
                    ? $"The shop's first import took the orders created since {TikTokTime.FromUnix(firstFrom):O} plus the orders open at {TikTokTime.FromUnix(openAt2):O}"
                    : $"The shop's first import took the orders created since {TikTokTime.FromUnix(firstFrom):O} (a start date was set, so no older open orders)";
        return Answer(shop, orderId, OrderVerdict.BeforeFirstImport,
            $"{took}; this one was created at {onTikTok.CreatedAt:O}"
            + (OrderRules.IsOpen(order.Status) ? "." : $" and was {order.Status} by then (last updated {onTikTok.UpdatedAt:O})."),
            pull, onTikTok, remedy: MoveStartDate(shopId, createdDay, now));
    }

    /// <summary>The oldest date the start date (and a sync since) accepts, as the settings PATCH does.</summary>
    private static bool TooOld(DateTimeOffset day, DateTimeOffset now) => day < now.AddYears(-1);

    private static DateTimeOffset StartOfDay(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    private static string MoveStartDate(string shopId, DateTimeOffset day, DateTimeOffset now) => TooOld(day, now)
        ? "It is more than a year old: the connector imports orders of the last year only."
        : $"Move the start date back to {day:yyyy-MM-ddTHH:mm:ssZ} (PATCH /api/admin/shops/{shopId}/settings {{\"orders\": {{\"importStartDate\": \"{day:yyyy-MM-ddTHH:mm:ssZ}\"}}}}) and sync (POST /api/admin/shops/{shopId}/sync/orders): a backfill imports every order created since then.";

    private static string SyncSince(string shopId, DateTimeOffset day, DateTimeOffset now) => TooOld(day, now)
        ? "It is more than a year old: the connector imports orders of the last year only."
        : $"Import it again with the orders created since that day: POST /api/admin/shops/{shopId}/sync/orders?since={day:yyyy-MM-ddTHH:mm:ssZ}.";

    /// <summary>What to do about an order a rule keeps out, in the user's terms.</summary>
    private static string RuleRemedy(string shopId, TikTokOrder order, DateTimeOffset day, DateTimeOffset now)
    {
        if (order.Status == TikTokOrderStatus.Unpaid)
        {
            return "Nothing: it comes in by itself once the buyer pays.";
        }

        if (order.Status == TikTokOrderStatus.OnHold || (order.IsOnHoldOrder && OrderRules.IsOpen(order.Status)))
        {
            return "TikTok releases it about an hour after purchase and the next pull then takes it; to see on-hold orders sooner, switch orders.importOnHoldOrders on "
                + $"(PATCH /api/admin/shops/{shopId}/settings), then {SyncSince(shopId, day, now)}";
        }

        return $"If the merchant wants such orders, change the setting named above (PATCH /api/admin/shops/{shopId}/settings), then {SyncSince(shopId, day, now)}";
    }

    /// <summary>The latest change of the shop's order settings made after <paramref name="after"/>, from the audit log.</summary>
    private async Task<Audit.AuditEntry?> SettingsChangeSinceAsync(string shopId, DateTimeOffset after, CancellationToken cancellationToken)
    {
        var (entries, _) = await audit.ListAsync(shopId, null, 200, cancellationToken);
        return entries.FirstOrDefault(e => e.Action == Audit.AuditActions.UpdateSettings && e.At >= after
            && e.Change is { ValueKind: System.Text.Json.JsonValueKind.Object } change && change.TryGetProperty("patch", out var patch)
            && patch.ValueKind == System.Text.Json.JsonValueKind.Object && patch.TryGetProperty("orders", out _));
    }

    private static ExplainedStoredOrder Stored(StoredOrder o) => new(
        o.ShopId, o.MerchantId, o.State, o.StateReason, o.TikTokStatus, o.Source, o.MissingSkus, o.History, o.ImportedAt, o.UpdatedAt, o.ReleasedAt,
        o.CancellationRequest, o.AfterSales, TikTokTime.FromUnix(o.UpdateTime));

    private static OrderExplanation Answer(ShopRecord shop, string orderId, OrderVerdict verdict, string explanation, ExplainedPull pull,
        ExplainedTikTokOrder? tiktok = null, ExplainedStoredOrder? stored = null, string? otherShopId = null, string? remedy = null, IReadOnlyList<object>? afterSalesRequests = null) =>
        new(
            shop.ShopId,
            orderId,
            verdict,
            remedy is null ? explanation : explanation + " " + remedy,
            remedy,
            new ExplainedShop(shop.Status, shop.Settings.Orders),
            stored,
            tiktok,
            otherShopId,
            afterSalesRequests ?? [],
            pull);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Explain order {OrderId} of shop {ShopId}: TikTok failed ({Kind}, request {RequestId})")]
    private partial void LogTikTokFailed(string shopId, string orderId, TikTokErrorKind kind, string? requestId);
}
