using System.Text;
using Azure;
using Connector.Http;
using Connector.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/tiktok</c> (anonymous): reads the raw body, verifies the signature, checks the envelope and
/// enqueues it for <see cref="WebhookProcessor"/>. Never calls TikTok, so it answers within milliseconds.
/// 401 unsigned, forged or stale (timestamp older than TikTok's retry window), 400 malformed, 413 too large, 503 when the queue or Key Vault is unreachable (TikTok retries).
/// </summary>
/// <summary>A notification as TikTok sent it: the exact bytes (the signature covers them) and the Authorization header.</summary>
public sealed record SignedNotification(byte[] Body, string? Authorization)
{
    /// <summary>A queue message holds 64 KiB of Base64; TikTok's notifications are a few hundred bytes.</summary>
    public const int MaxBodyBytes = 32 * 1024;

    public static SignedNotification Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new SignedNotification(r.RawBody, r.Header("Authorization"));
    }
}

/// <summary>TikTok's expected answer to a delivered notification.</summary>
public sealed record WebhookAccepted(int Code, string Message);

public sealed partial class WebhookReceiver(WebhookVerifier verifier, MessageQueue messages, QueueNames queues, TimeProvider time, ILogger<WebhookReceiver> logger)
{
    /// <summary>A queue message holds 64 KiB of Base64; TikTok's notifications are a few hundred bytes.</summary>
    public const int MaxBodyBytes = SignedNotification.MaxBodyBytes;

    public async Task<Outcome<WebhookAccepted>> ReceiveAsync(SignedNotification request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, authorization) = (request.Body, request.Authorization);
        string? appKey;
        try
        {
            appKey = (await verifier.VerifyAsync(authorization, body, cancellationToken))?.AppKey;
        }
        catch (RequestFailedException e)
        {
            var reference = Problems.NewReference();
            Unavailable(logger, "Key Vault (app secret)", e.Status, reference);
            return Refusal.Unavailable($"The app secret cannot be read right now; try again (reference {reference}).") with { Reference = reference };
        }

        if (appKey is null)
        {
            var reference = Problems.NewReference();
            Refused(logger, string.IsNullOrWhiteSpace(authorization) ? "no Authorization header" : "the signature matches no configured app", reference);
            return new Refusal(RefusalKind.Unauthenticated, "The Authorization header must be the webhook signature of a configured TikTok app.")
            {
                Title = "Unauthorized", Reference = reference,
            };
        }

        var text = Encoding.UTF8.GetString(body);
        var notification = WebhookNotification.Parse(text);
        if (notification is null)
        {
            var reference = Problems.NewReference();
            Refused(logger, "malformed body (JSON object with an integer type expected)", reference);
            return Refusal.Invalid("The body must be a JSON object with an integer \"type\".") with { Reference = reference };
        }

        if (notification.IsStale(time.GetUtcNow()))
        {
            // A correctly signed body from before TikTok's last retry: a replay. 401, as for any failed authentication
            // (TikTok's documented answers are 200 and 401; a 401 is never retried).
            var reference = Problems.NewReference();
            Refused(logger, $"notification {notification.NotificationId} is older than TikTok's retry window (timestamp {notification.Timestamp})", reference);
            return new Refusal(RefusalKind.Unauthenticated,
                $"The notification's timestamp is more than {WebhookNotification.MaxAge.TotalHours:0} hours old: TikTok never delivers that late.")
            {
                Title = "Unauthorized", Reference = reference,
            };
        }

        var message = new WebhookMessage(Guid.NewGuid().ToString("N"), appKey, notification.NotificationId, notification.Type, notification.ShopId, text, time.GetUtcNow());
        try
        {
            await messages.SendAsync(queues.Webhook, message, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            var reference = Problems.NewReference();
            Unavailable(logger, "the webhook queue", e.Status, reference);
            return Refusal.Unavailable($"The notification cannot be queued right now; try again (reference {reference}).") with { Reference = reference };
        }

        Accepted(logger, notification.NotificationId, notification.Type, notification.ShopId, appKey);
        return new WebhookAccepted(0, "success");
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information,
        Message = "Webhook {NotificationId} (type {Type}, shop {ShopId}, app {AppKey}) accepted and queued")]
    private static partial void Accepted(ILogger logger, string notificationId, int type, string? shopId, string appKey);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Webhook refused: {Reason} (reference {Reference})")]
    private static partial void Refused(ILogger logger, string reason, string reference);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Webhook not accepted: {Dependency} unavailable (status {Status}, reference {Reference})")]
    private static partial void Unavailable(ILogger logger, string dependency, int status, string reference);
}
