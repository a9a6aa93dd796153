using Connector.Messaging;
using Connector.Onboarding;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;
using Connector.TikTok;
using Connector.TikTok.Api;
using Connector.Tokens;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks;

/// <summary>
/// The webhook worker (queue <c>%WebhookQueue%</c>): one verified notification at a time, deduplicated by
/// <c>tts_notification_id</c> (<see cref="NotificationStore"/>).
/// Type 1: fetch that order and store it through <see cref="OrderImporter"/> (source "webhook"; the newest update_time wins).
/// Type 6: the authorization and its shops become ReauthorizationRequired with a support case (the token refresh's path).
/// Type 7: a support case with a fresh re-authorize link. Types 2 and 12: recorded in <see cref="ReverseEventStore"/>.
/// Unknown types and unknown shops: logged and acknowledged, nothing stored. Transient failures rethrow, so the host
/// retries the message (and poisons it after maxDequeueCount); the notification is marked done only after success.
/// </summary>
public sealed partial class WebhookProcessor(
    NotificationStore notifications,
    ReverseEventStore reverseEvents,
    ShopRepository shops,
    AuthorizationRepository authorizations,
    IOrderPullShops orderShops,
    OrderStore orders,
    OrderImporter importer,
    ITikTokShopClient tiktok,
    TokenRefresher refresher,
    OnboardingLinks links,
    SupportCaseStore cases,
    RunStore runs,
    MessageQueue messages,
    QueueNames queues,
    TimeProvider time,
    ILogger<WebhookProcessor> logger,
    IEnumerable<IWebhookTypeHandler> typeHandlers)
{
    private readonly Dictionary<int, IWebhookTypeHandler> handlers = typeHandlers.ToDictionary(h => h.Type);

    /// <summary>What a notification led to (the notification record's Outcome).</summary>
    public static class Outcomes
    {
        public const string Imported = "Imported";
        public const string Unchanged = "Unchanged";
        public const string NotImported = "NotImported";
        public const string AlreadyCurrent = "AlreadyCurrent";
        public const string OrderNotFound = "OrderNotFound";
        public const string ImportOff = "ImportOff";
        public const string TikTokRefused = "TikTokRefused";
        public const string MissingOrderId = "MissingOrderId";
        public const string ReauthorizationRequired = "ReauthorizationRequired";
        public const string CaseOpened = "CaseOpened";
        public const string Recorded = "Recorded";
    }

    private sealed record Result(string Outcome, RunOutcome RunOutcome, string? OrderId = null, string? Detail = null, OrderImportCounts? Counts = null);

    public async Task HandleAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["NotificationId"] = message.NotificationId, ["ShopId"] = message.ShopId, ["WebhookType"] = message.Type,
        });
        var notification = WebhookNotification.Parse(message.Body);
        if (notification is null)
        {
            Ignored(logger, message.NotificationId, message.Type, message.ShopId, "the body is not a notification");
            return;
        }

        if (!IsHandled(notification.Type) && !handlers.ContainsKey(notification.Type))
        {
            Ignored(logger, notification.NotificationId, notification.Type, notification.ShopId, "type not handled by the connector");
            return;
        }

        var shop = notification.ShopId is null ? null : await shops.GetAsync(notification.ShopId, cancellationToken);
        if (shop is null)
        {
            Ignored(logger, notification.NotificationId, notification.Type, notification.ShopId, "shop unknown to the connector");
            return;
        }

        if (!string.Equals(shop.AppKey, message.AppKey, StringComparison.Ordinal))
        {
            Ignored(logger, notification.NotificationId, notification.Type, shop.ShopId, $"signed by app {message.AppKey}, but the shop belongs to app {shop.AppKey}");
            return;
        }

        var (claim, retryAfter) = await notifications.ClaimAsync(message, shop.ShopId, time.GetUtcNow(), cancellationToken);
        if (claim == ClaimResult.AlreadyProcessed)
        {
            Duplicate(logger, notification.NotificationId, shop.ShopId);
            return;
        }

        if (claim == ClaimResult.InProgressElsewhere)
        {
            // Another delivery holds it: look again once its lease ends (it is done by then, or failed and free).
            await messages.SendAsync(queues.Webhook, message, cancellationToken, retryAfter + TimeSpan.FromSeconds(5));
            Postponed(logger, notification.NotificationId, shop.ShopId, retryAfter);
            return;
        }

        var run = new RunRecord
        {
            ShopId = shop.ShopId, RunId = notification.NotificationId, Kind = RunKinds.Webhook, Trigger = "webhook", StartedAt = time.GetUtcNow(),
        };
        try
        {
            var result = handlers.TryGetValue(notification.Type, out var handler)
                ? await HandleWithAsync(handler, shop, notification, cancellationToken)
                : notification.Type switch
            {
                WebhookTypes.OrderStatusChange => await OrderChangedAsync(shop, notification, cancellationToken),
                WebhookTypes.SellerDeauthorization => await DeauthorizedAsync(shop, cancellationToken),
                WebhookTypes.AuthorizationExpiring => await ExpiringAsync(shop, notification, cancellationToken),
                _ => await ReverseAsync(shop, notification, message.ReceivedAt, cancellationToken),
            };
            await notifications.CompleteAsync(message, shop.ShopId, result.Outcome, result.OrderId, result.Detail, time.GetUtcNow(), cancellationToken);
            await runs.SaveAsync(Finish(run, notification, result), cancellationToken);
            Processed(logger, notification.NotificationId, notification.Type, shop.ShopId, result.OrderId, result.Outcome);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(logger, e, notification.NotificationId, notification.Type, shop.ShopId);
            await runs.SaveAsync(run with
            {
                EndedAt = time.GetUtcNow(), Outcome = RunOutcome.Failed, ErrorType = e.GetType().Name, Error = e.Message,
                RequestId = (e as TikTokException)?.RequestId, Details = Details(notification, null),
            }, CancellationToken.None);
            throw;
        }
    }

    private static async Task<Result> HandleWithAsync(IWebhookTypeHandler handler, ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(shop, notification, cancellationToken);
        return new Result(outcome.Outcome, outcome.RunOutcome, outcome.OrderId, outcome.Detail);
    }

    private static bool IsHandled(int type) => type is WebhookTypes.OrderStatusChange or WebhookTypes.SellerDeauthorization
        or WebhookTypes.AuthorizationExpiring or WebhookTypes.ReverseOrderStatusChange or WebhookTypes.ReturnStatusChange;

    private async Task<Result> OrderChangedAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var orderId = notification.DataText("order_id");
        if (string.IsNullOrEmpty(orderId))
        {
            return new Result(Outcomes.MissingOrderId, RunOutcome.Skipped, Detail: "data.order_id is missing");
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = orderId });
        var (enabled, settings) = await ImportSettingsAsync(shop, cancellationToken);
        if (!enabled)
        {
            return new Result(Outcomes.ImportOff, RunOutcome.Skipped, orderId, $"the shop is {shop.Status} or its order import is off; the order pull takes it when it is on");
        }

        // Out of order: what is stored is already as new as this notification, so there is nothing to fetch.
        var notified = notification.DataLong("update_time");
        var stored = await orders.GetAsync(shop.ShopId, orderId, cancellationToken);
        if (stored is not null && notified is not null && stored.Order.UpdateTime >= notified)
        {
            return new Result(Outcomes.AlreadyCurrent, RunOutcome.Skipped, orderId, $"stored update_time {stored.Order.UpdateTime} >= notified {notified}");
        }

        IReadOnlyList<TikTokOrder> fetched;
        try
        {
            fetched = await tiktok.GetOrdersAsync(new TikTokShopRef(shop.ShopId, shop.Cipher), [orderId], cancellationToken);
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.InvalidRequest)
        {
            // Retrying cannot help; the token refresh marks a lost authorization, and the order pull is the safety net.
            return new Result(Outcomes.TikTokRefused, RunOutcome.Failed, orderId, $"{e.Kind} (code {e.Code}, request {e.RequestId})");
        }

        if (fetched.Count == 0)
        {
            return new Result(Outcomes.OrderNotFound, RunOutcome.Skipped, orderId, "TikTok returned no order with this id");
        }

        var result = await importer.ImportAsync(new OrderShopContext(shop.ShopId, shop.MerchantId, settings), fetched, OrderSources.Webhook, cancellationToken);
        foreach (var cancelled in result.CancelledAfterRelease)
        {
            await orderShops.CancelledAfterReleaseAsync(cancelled, cancellationToken);
        }

        var counts = result.Counts;
        var outcome = counts.New + counts.Updated > 0 ? Outcomes.Imported : counts.Skipped > 0 ? Outcomes.NotImported : Outcomes.Unchanged;
        return new Result(outcome, outcome == Outcomes.Imported ? RunOutcome.Succeeded : RunOutcome.Skipped, orderId,
            $"status {fetched[0].Status}, update_time {fetched[0].UpdateTime}", counts);
    }

    /// <summary>The shop's order-import choices, as the order pull reads them (Active and import on; on-hold and platform-shipped rules).</summary>
    private async Task<(bool Enabled, OrderImportSettings Settings)> ImportSettingsAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        var pull = await orderShops.FindAsync(shop.ShopId, cancellationToken);
        return pull is null ? (false, new OrderImportSettings()) : (pull.ImportEnabled, pull.Settings);
    }

    private async Task<Result> DeauthorizedAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        await refresher.AuthorizationLostAsync(shop.AuthorizationId, "the seller deauthorized the app in TikTok Shop (webhook type 6)", cancellationToken);
        return new Result(Outcomes.ReauthorizationRequired, RunOutcome.Succeeded, Detail: $"authorization {shop.AuthorizationId}");
    }

    private async Task<Result> ExpiringAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var authorization = await authorizations.GetAsync(shop.AuthorizationId, cancellationToken);
        var expiresAt = (notification.DataLong("expiration_time") ?? notification.DataLong("expire_time")) is { } seconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        var affected = await shops.ListByAuthorizationAsync(shop.AuthorizationId, cancellationToken);
        var names = string.Join(", ", (affected.Count > 0 ? affected : [shop]).Select(s => $"{s.Name} ({s.ShopId})"));
        var link = await links.CreateAsync(shop.MerchantId, shop.Region, baseUrl: null, cancellationToken);
        var when = expiresAt is { } at ? $"on {at:u}" : "soon";
        var message = $"TikTok says the authorization of merchant {shop.MerchantId} for {names} ends {when}. "
            + $"Send the seller this link to authorize again before then (valid until {link.ExpiresAt:u}): {link.Url}";
        var key = $"expiring|{shop.AuthorizationId}|{authorization?.RefreshTokenExpiresAt.ToUnixTimeSeconds()}|{expiresAt?.ToUnixTimeSeconds()}";
        var opened = await cases.OpenAsync(SupportCaseKind.AuthorizationExpiring, key, message, shop.ShopId, shop.MerchantId, shop.AuthorizationId, cancellationToken);
        return new Result(Outcomes.CaseOpened, RunOutcome.Succeeded, Detail: $"case {opened.CaseId}, authorization ends {when}");
    }

    private async Task<Result> ReverseAsync(ShopRecord shop, WebhookNotification notification, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var orderId = notification.DataText("order_id");
        await reverseEvents.SaveAsync(new ReverseEvent
        {
            ShopId = shop.ShopId,
            NotificationId = notification.NotificationId,
            Type = notification.Type,
            OrderId = orderId,
            ReverseId = notification.DataText("reverse_order_id") ?? notification.DataText("return_id"),
            Status = notification.DataText("reverse_order_status") ?? notification.DataText("return_status"),
            UpdateTime = notification.DataLong("update_time"),
            Data = notification.Data.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "{}" : notification.Data.GetRawText(),
            ReceivedAt = receivedAt,
        }, cancellationToken);
        return new Result(Outcomes.Recorded, RunOutcome.Succeeded, orderId);
    }

    private RunRecord Finish(RunRecord run, WebhookNotification notification, Result result) => run with
    {
        EndedAt = time.GetUtcNow(),
        Outcome = result.RunOutcome,
        Counts = result.Counts is { } c
            ? new Dictionary<string, long> { ["new"] = c.New, ["updated"] = c.Updated, ["unchanged"] = c.Unchanged, ["skipped"] = c.Skipped }
            : new Dictionary<string, long>(),
        Details = Details(notification, result),
    };

    private static Dictionary<string, string> Details(WebhookNotification notification, Result? result)
    {
        var details = new Dictionary<string, string>
        {
            ["notificationId"] = notification.NotificationId,
            ["type"] = notification.Type.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (notification.DataText("order_id") is { } orderId)
        {
            details["orderId"] = orderId;
        }

        if (result is not null)
        {
            details["outcome"] = result.Outcome;
            if (result.Detail is not null)
            {
                details["detail"] = result.Detail;
            }
        }

        return details;
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information,
        Message = "Webhook {NotificationId} (type {Type}, shop {ShopId}, order {OrderId}) processed: {Outcome}")]
    private static partial void Processed(ILogger logger, string notificationId, int type, string shopId, string? orderId, string outcome);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Webhook {NotificationId} (type {Type}, shop {ShopId}) acknowledged, nothing done: {Reason}")]
    private static partial void Ignored(ILogger logger, string notificationId, int type, string? shopId, string reason);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Information, Message = "Webhook {NotificationId} of shop {ShopId} was processed before; duplicate acknowledged")]
    private static partial void Duplicate(ILogger logger, string notificationId, string shopId);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Information,
        Message = "Webhook {NotificationId} of shop {ShopId} is being processed by another delivery; looking again in {RetryAfter}")]
    private static partial void Postponed(ILogger logger, string notificationId, string shopId, TimeSpan retryAfter);

    [LoggerMessage(EventId = 8105, Level = LogLevel.Error, Message = "Webhook {NotificationId} (type {Type}, shop {ShopId}) failed; the queue retries it")]
    private static partial void Failed(ILogger logger, Exception exception, string notificationId, int type, string shopId);
}
