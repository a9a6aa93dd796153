using System.Text.Json;
using System.Threading.Channels;

namespace TikTokSimulator;

/// <summary>
/// A notification the simulator owes an app (sent by <see cref="TikTokSimulatorServer"/>, in the order they happened);
/// <see cref="Attempt"/> 0 is the first push, 1 to 4 TikTok's retries of the same notification.
/// </summary>
public sealed record SimWebhookEvent(string AppKey, Uri Url, int Type, string ShopId, JsonElement Data)
{
    public string NotificationId { get; init; } = Guid.NewGuid().ToString("N");

    public int Attempt { get; init; }
}

/// <summary>
/// A push the simulator made, and the HTTP status the receiver answered (0: not reachable, or no answer within
/// <see cref="SimulatorOptions.WebhookTimeout"/>); <see cref="Attempt"/> 0 is the first push of the notification.
/// </summary>
public sealed record SimWebhookDelivery(string AppKey, int Type, string ShopId, JsonElement Data, int Status, DateTimeOffset At)
{
    public string NotificationId { get; init; } = "";

    public int Attempt { get; init; }
}

public sealed partial class SimulatorState
{
    private readonly Dictionary<string, Uri> webhookUrls = new(StringComparer.Ordinal);
    private readonly Channel<SimWebhookEvent> webhookEvents = Channel.CreateUnbounded<SimWebhookEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<SimWebhookDelivery> webhookDeliveries = [];

    /// <summary>
    /// Where TikTok pushes this app's notifications (Partner Center's webhook URL); null stops them. The simulator notifies of
    /// its own after-sales changes: cancellations (11), returns (12) and the order status changes they cause (1).
    /// </summary>
    public void SetWebhookUrl(string appKey, Uri? url)
    {
        lock (gate)
        {
            RequireApp(appKey);
            if (url is null)
            {
                webhookUrls.Remove(appKey);
            }
            else
            {
                webhookUrls[appKey] = url;
            }
        }
    }

    internal ChannelReader<SimWebhookEvent> PendingWebhooks => webhookEvents.Reader;

    /// <summary>Every notification sent so far (tests look at what TikTok would have pushed).</summary>
    public IReadOnlyList<SimWebhookDelivery> WebhookDeliveries()
    {
        lock (gate)
        {
            return webhookDeliveries.ToList();
        }
    }

    internal void Delivered(SimWebhookEvent e, int status)
    {
        lock (gate)
        {
            webhookDeliveries.Add(new SimWebhookDelivery(e.AppKey, e.Type, e.ShopId, e.Data, status, Now) { NotificationId = e.NotificationId, Attempt = e.Attempt });
        }
    }

    /// <summary>Queues a failed push again (TikTok's retry), once its delay has passed.</summary>
    internal void Retry(SimWebhookEvent e) => webhookEvents.Writer.TryWrite(e);

    /// <summary>Queues a notification to every app with a webhook URL that the shop's seller has authorized (inside the lock).</summary>
    private void Notify(SimShop shop, int type, object data)
    {
        var element = JsonSerializer.SerializeToElement(data, SimJson.Options);
        foreach (var (appKey, url) in webhookUrls)
        {
            if (grants.TryGetValue((appKey, shop.SellerId), out var grant) && !grant.Revoked)
            {
                webhookEvents.Writer.TryWrite(new SimWebhookEvent(appKey, url, type, shop.Id, element));
            }
        }
    }

    /// <summary>
    /// Queues webhook 6 (seller deauthorization, webhooks/seller/6-seller-deauthorization.json) to the app the seller
    /// revoked, which no longer holds a grant (inside the lock).
    /// </summary>
    private void NotifyDeauthorized(string appKey, SimShop shop)
    {
        if (webhookUrls.TryGetValue(appKey, out var url))
        {
            var data = JsonSerializer.SerializeToElement(new { message = $"Shop_id {shop.Id} is deauthorized from your APP by merchant." }, SimJson.Options);
            webhookEvents.Writer.TryWrite(new SimWebhookEvent(appKey, url, 6, shop.Id, data));
        }
    }

    private void ClearWebhooks()
    {
        webhookUrls.Clear();
        webhookDeliveries.Clear();
    }
}
