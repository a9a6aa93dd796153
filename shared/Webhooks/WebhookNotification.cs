using System.Globalization;
using System.Text.Json;

namespace Connector.Webhooks;

/// <summary>TikTok's webhook types (../shared/tiktok-reference/webhooks/): the ones the connector acts on.</summary>
public static class WebhookTypes
{
    public const int OrderStatusChange = 1;
    public const int RecipientAddressUpdate = 3;
    public const int PackageUpdate = 4;
    public const int SellerDeauthorization = 6;
    public const int AuthorizationExpiring = 7;
    public const int CancellationStatusChange = 11;
    public const int ReturnStatusChange = 12;
}

/// <summary>
/// The queue message of one verified webhook delivery: the raw body as TikTok sent it, the app whose signature matched,
/// and a delivery id (unique per POST, so a retried message can tell itself from a second delivery of the same notification).
/// </summary>
public sealed record WebhookMessage(string DeliveryId, string AppKey, string NotificationId, int Type, string? ShopId, string Body, DateTimeOffset ReceivedAt);

/// <summary>The envelope of a webhook body: <c>{type, tts_notification_id, shop_id, timestamp, data}</c>.</summary>
public sealed record WebhookNotification(int Type, string NotificationId, string? ShopId, long? Timestamp, JsonElement Data)
{
    /// <summary>
    /// Parses a body; null when it is not a JSON object with an integer type. TikTok's reference shows some payloads
    /// without <c>tts_notification_id</c> (type 3, recipient address update): those get a stable id from the body's hash
    /// (<c>body-sha256:...</c>), so a redelivery of the same body is still recognised.
    /// </summary>
    public static WebhookNotification? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || !TryInt(typeElement, out var type))
            {
                return null;
            }

            var id = root.TryGetProperty("tts_notification_id", out var idElement) && Text(idElement) is { Length: > 0 } given
                ? given
                : "body-sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)))[..32];

            var shopId = root.TryGetProperty("shop_id", out var shop) ? Text(shop) : null;
            long? timestamp = root.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var t) ? t : null;
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            return new WebhookNotification(type, id, string.IsNullOrEmpty(shopId) ? null : shopId, timestamp, data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// How old a notification's <c>timestamp</c> may be when it arrives. TikTok retries a failed push 2 minutes, 30 minutes,
    /// 3 hours and 12 hours after the previous attempt and then gives up (developer-guide tiktok-shop-webhooks
    /// configuration-guide: 15 h 32 min after the first push at the latest), so anything older is not TikTok delivering
    /// but someone replaying a captured body.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    /// <summary>True when the body carries a <c>timestamp</c> older than <see cref="MaxAge"/> (none: not stale).</summary>
    public bool IsStale(DateTimeOffset now) => Timestamp is { } seconds && seconds < (now - MaxAge).ToUnixTimeSeconds();

    /// <summary>A field of <c>data</c> as text (strings, numbers, <c>true</c>/<c>false</c>); null when absent.</summary>
    public string? DataText(string name) => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) ? Text(value) : null;

    /// <summary>A field of <c>data</c> as a number (numbers and numeric strings); null when absent.</summary>
    public long? DataLong(string name) => DataText(name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static bool TryInt(JsonElement e, out int value)
    {
        value = 0;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetInt32(out value),
            JsonValueKind.String => int.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}
