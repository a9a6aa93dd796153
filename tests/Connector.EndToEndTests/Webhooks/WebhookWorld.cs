using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Connector.EndToEndTests.Onboarding;
using Connector.Messaging;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.Webhooks;

/// <summary>An onboarded (and by default Active) shop in the local host; the simulator sends it signed webhooks.</summary>
public sealed class WebhookWorld : IAsyncDisposable
{
    private WebhookWorld(OnboardingWorld world, string shopId)
    {
        World = world;
        ShopId = shopId;
    }

    public static TikTokSimulatorServer Sim => OnboardingWorld.Sim;
    public OnboardingWorld World { get; }
    public string ShopId { get; }
    public string AppKey => World.App.AppKey;
    public Uri Url => new(World.Host.Http.BaseAddress!, "api/webhooks/tiktok");
    public OrderStore Orders => World.Host.Services.GetRequiredService<OrderStore>();
    public NotificationStore Notifications => World.Host.Services.GetRequiredService<NotificationStore>();
    public RunStore Runs => World.Host.Services.GetRequiredService<RunStore>();
    public int GetOrderCalls => Sim.Calls.Count(AppKey, "/order/202507/orders");

    public static async Task<WebhookWorld> StartAsync(ShopStatus status = ShopStatus.Active)
    {
        var world = await OnboardingWorld.StartAsync();
        var (_, onboarded, html) = await world.OnboardAsync("merchant-1");
        Assert.That(onboarded, Is.EqualTo(HttpStatusCode.OK), html);
        var shop = (await world.Shops.GetAsync(world.Seller.Shops[0].Id, CancellationToken.None))!;
        if (status != shop.Status)
        {
            var before = shop.Status;
            shop.Status = status;
            await world.Shops.UpdateAsync(shop, before, CancellationToken.None);
        }

        return new WebhookWorld(world, shop.ShopId);
    }

    /// <summary>An order in the simulator (paid, waiting for shipment).</summary>
    public SimOrder NewOrder(int seed = 1) => Sim.State.GenerateOrders(ShopId, 1, seed, status: "AWAITING_SHIPMENT")[0];

    /// <summary>The simulator POSTs a signed notification; answers the HTTP status the connector gave.</summary>
    public Task<int> SendAsync(int type, object? data = null, string? shopId = null, string? notificationId = null) =>
        Sim.SendWebhookAsync(Url, AppKey, type, shopId ?? ShopId, data is null ? null : JsonSerializer.SerializeToElement(data), CancellationToken.None, notificationId);

    public Task<int> SendOrderAsync(SimOrder order, string? notificationId = null) =>
        SendAsync(WebhookTypes.OrderStatusChange, new { order_id = order.Id, order_status = order.Status, is_on_hold_order = false, update_time = order.UpdateTime },
            notificationId: notificationId);

    /// <summary>POSTs a raw body with the given Authorization header (null: none).</summary>
    public async Task<HttpStatusCode> PostAsync(string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await World.Host.Http.SendAsync(request);
        return response.StatusCode;
    }

    public string Sign(string body, string? secret = null) => WebhookVerifier.Sign(AppKey, secret ?? World.App.AppSecret, Encoding.UTF8.GetBytes(body));

    /// <summary>Messages waiting in this host's webhook queue (including ones being processed).</summary>
    public async Task<int> QueuedAsync()
    {
        var name = World.Host.Services.GetRequiredService<QueueNames>().Webhook;
        var queue = new QueueClient(Connector.Testing.TestEnvironment.Current.Azurite.ConnectionString, name, StorageClients.CreateQueueClientOptions());
        if (!(await queue.ExistsAsync()).Value)
        {
            return 0;
        }

        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    public Task<NotificationRecord?> NotificationAsync(string notificationId) => Notifications.GetAsync(ShopId, notificationId, CancellationToken.None);

    public async Task<NotificationRecord> ProcessedAsync(string notificationId)
    {
        await Eventually.HoldsAsync(async () => (await NotificationAsync(notificationId))?.State == NotificationState.Done, $"notification {notificationId} processed");
        return (await NotificationAsync(notificationId))!;
    }

    public Task LoggedAsync(string text) => Eventually.HoldsAsync(() => World.Logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)), $"a log line containing '{text}'");

    public async ValueTask DisposeAsync() => await World.DisposeAsync();
}
