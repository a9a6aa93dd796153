using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

/// <summary>
/// The simulator pushes notifications as TikTok's webhook configuration guide says: a push not answered 200 or 401 within
/// 3 seconds is made again with the same notification id, 4 times at the most (delays shortened here).
/// </summary>
public sealed class SimulatorWebhookRetryTests
{
    [TestCase(new[] { 503, 500, 200 }, 3, TestName = "A failed push is made again with the same notification id until the receiver takes it")]
    [TestCase(new[] { 500, 500, 500, 500, 500, 500, 500 }, 5, TestName = "A push is made again 4 times at the most")]
    [TestCase(new[] { 401 }, 1, TestName = "A push answered 401 is not made again")]
    public async Task Pushes(int[] answers, int expectedPushes)
    {
        await using var receiver = await Receiver.StartAsync(answers);
        var app = new SimApp("retry-app", "retry-secret", "retry-svc", "http://127.0.0.1:1/cb");
        var delays = Enumerable.Repeat(TimeSpan.FromMilliseconds(50), 4).ToList();
        await using var sim = await TikTokSimulatorServer.StartAsync(new SimulatorOptions { Apps = { app }, WebhookRetryDelays = delays }, CancellationToken.None);
        var seller = sim.State.CreateSeller("Retry seller", "GB", 1);
        sim.State.Authorize(app.AppKey, seller.OpenId);
        var shopId = seller.Shops[0].Id;
        var order = sim.State.GenerateOrders(shopId, 1, seed: 5)[0];
        sim.State.SetWebhookUrl(app.AppKey, receiver.Url);

        sim.State.ChangeRecipientAddress(shopId, order.Id, "1 New Street", "AB1 2CD");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (sim.State.WebhookDeliveries().Count < expectedPushes && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500); // time for a push too many
        var deliveries = sim.State.WebhookDeliveries();
        Assert.That(deliveries.Select(d => d.Status), Is.EqualTo(answers.Take(expectedPushes)), "each push and what the receiver answered");
        Assert.That(deliveries.Select(d => d.Attempt), Is.EqualTo(Enumerable.Range(0, expectedPushes)));
        Assert.That(receiver.NotificationIds.Distinct().ToList(), Has.Count.EqualTo(1), "the same notification every time");
        Assert.That(receiver.NotificationIds, Has.Count.EqualTo(expectedPushes));
    }

    [Test]
    public async Task A_seller_deauthorizing_the_app_pushes_webhook_6_as_the_reference_shows_it_and_again_while_not_taken()
    {
        await using var receiver = await Receiver.StartAsync([503, 200]);
        var app = new SimApp("deauth-app", "deauth-secret", "deauth-svc", "http://127.0.0.1:1/cb");
        await using var sim = await TikTokSimulatorServer.StartAsync(
            new SimulatorOptions { Apps = { app }, WebhookRetryDelays = Enumerable.Repeat(TimeSpan.FromMilliseconds(50), 4).ToList() }, CancellationToken.None);
        var seller = sim.State.CreateSeller("Leaving seller", "GB", 1);
        sim.State.Authorize(app.AppKey, seller.OpenId);
        sim.State.SetWebhookUrl(app.AppKey, receiver.Url);

        sim.State.Revoke(app.AppKey, seller.OpenId);
        sim.State.Revoke(app.AppKey, seller.OpenId); // already revoked: nothing more

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (sim.State.WebhookDeliveries().Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        var deliveries = sim.State.WebhookDeliveries();
        Assert.That(deliveries.Select(d => (d.Type, d.ShopId, d.Status)), Is.EqualTo(new[] { (6, seller.Shops[0].Id, 503), (6, seller.Shops[0].Id, 200) }));
        var documented = Connector.Testing.TikTokReference.TikTokReference.Default.Webhook(6).Example["data"]!.AsObject().Select(p => p.Key);
        Assert.That(deliveries[0].Data.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(documented), "the data fields of TikTok's example");
        Assert.That(deliveries[0].Data.GetProperty("message").GetString(), Does.Contain(seller.Shops[0].Id));
    }

    /// <summary>A webhook receiver on loopback answering the given statuses in turn (200 once they run out).</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<int> answers;
        private readonly Task loop;

        private Receiver(IEnumerable<int> answers, int port)
        {
            this.answers = new ConcurrentQueue<int>(answers);
            Url = new Uri($"http://127.0.0.1:{port}/webhooks/");
            listener.Prefixes.Add(Url.ToString());
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public Uri Url { get; }

        public ConcurrentQueue<string> NotificationIds { get; } = new();

        public static Task<Receiver> StartAsync(IEnumerable<int> answers)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return Task.FromResult(new Receiver(answers, port));
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = JsonDocument.Parse(context.Request.InputStream);
                NotificationIds.Enqueue(body.RootElement.GetProperty("tts_notification_id").GetString()!);
                context.Response.StatusCode = answers.TryDequeue(out var status) ? status : 200;
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            listener.Close();
            await loop;
        }
    }
}
