using Connector.Messaging;
using Connector.Runs;
using Connector.Shops;
using Connector.TikTok;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks;

/// <summary>
/// The webhook worker (queue <c>%WebhookQueue%</c>): one verified notification at a time, deduplicated by
/// <c>tts_notification_id</c> (<see cref="NotificationStore"/>), handed to the <see cref="IWebhookHandler"/> of its type
/// (one class per type: 1 order status, 6 deauthorization, 7 authorization expiring in <c>Handlers/</c>; 11 cancellation and
/// 12 return status in <c>shared/AfterSales/</c>). Each notification is a <c>Webhook</c> run of the shop.
/// Unknown types and unknown shops: logged and acknowledged, nothing stored. Transient failures rethrow, so the host
/// retries the message (and poisons it after maxDequeueCount); the notification is marked done only after success.
/// </summary>
public sealed partial class WebhookProcessor
{
    private readonly NotificationStore notifications;
    private readonly ShopRepository shops;
    private readonly RunStore runs;
    private readonly MessageQueue messages;
    private readonly QueueNames queues;
    private readonly TimeProvider time;
    private readonly ILogger<WebhookProcessor> logger;
    private readonly Dictionary<int, IWebhookHandler> handlers;

    public WebhookProcessor(
        IEnumerable<IWebhookHandler> handlers,
        NotificationStore notifications,
        ShopRepository shops,
        RunStore runs,
        MessageQueue messages,
        QueueNames queues,
        TimeProvider time,
        ILogger<WebhookProcessor> logger)
    {
        this.notifications = notifications;
        this.shops = shops;
        this.runs = runs;
        this.messages = messages;
        this.queues = queues;
        this.time = time;
        this.logger = logger;
        this.handlers = [];
        foreach (var handler in handlers)
        {
            if (!this.handlers.TryAdd(handler.Type, handler))
            {
                throw new InvalidOperationException($"Two webhook handlers for type {handler.Type}: {this.handlers[handler.Type].GetType().Name} and {handler.GetType().Name}.");
            }
        }
    }

    /// <summary>The types the connector acts on.</summary>
    public IReadOnlyCollection<int> HandledTypes => handlers.Keys;

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

        if (!handlers.TryGetValue(notification.Type, out var handler))
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
            var result = await handler.HandleAsync(shop, notification, cancellationToken);
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

    private RunRecord Finish(RunRecord run, WebhookNotification notification, WebhookOutcome result) => run with
    {
        EndedAt = time.GetUtcNow(),
        Outcome = result.RunOutcome,
        Counts = result.Counts is { } c ? new Dictionary<string, long>(c) : new Dictionary<string, long>(),
        Details = Details(notification, result),
    };

    private static Dictionary<string, string> Details(WebhookNotification notification, WebhookOutcome? result)
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
