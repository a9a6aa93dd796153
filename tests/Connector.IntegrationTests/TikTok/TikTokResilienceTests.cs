using Connector.TikTok;
using Connector.TikTok.Api;
using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

public sealed class TikTokResilienceTests
{
    private const string Warehouses = "/logistics/202309/warehouses";

    private static TikTokSimulatorServer Sim => TikTokTestShop.Sim;

    [Test]
    public async Task Rate_limited_answers_are_retried_after_the_Retry_After_the_server_sent()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        Sim.Faults.Add(new FaultRule { AppKey = world.App.AppKey, Path = Warehouses, Kind = FaultKind.RateLimited, Count = 2, RetryAfterSeconds = 1 });

        var warehouses = await world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None);

        Assert.That(warehouses, Is.Not.Empty);
        Assert.That(world.Calls(Warehouses), Is.EqualTo(3));
        var delays = world.Logs.Entries.Where(e => e.Id.Id == 3001).Select(e => (TimeSpan)e.State.Single(p => p.Key == "Delay").Value!).ToList();
        Assert.That(delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }), "the wait is the server's Retry-After, not the back-off");
    }

    [Test]
    public async Task Server_errors_are_retried_until_the_call_succeeds()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        Sim.Faults.Add(new FaultRule { AppKey = world.App.AppKey, Path = Warehouses, Kind = FaultKind.ServerError, Count = 2 });

        var warehouses = await world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None);

        Assert.That(warehouses, Is.Not.Empty);
        Assert.That(world.Calls(Warehouses), Is.EqualTo(3));
    }

    [Test]
    public async Task A_storm_of_429s_is_ridden_out_within_the_retry_budget()
    {
        await using var world = await TikTokTestShop.CreateAsync(new Dictionary<string, string?> { ["MaxRetries"] = "8" });
        Sim.Faults.Add(new FaultRule { AppKey = world.App.AppKey, Kind = FaultKind.RateLimited, Count = 15, Share = 0.5, Seed = 42, RetryAfterSeconds = 0 });
        Sim.State.GenerateOrders(world.Shop.ShopId, 5, seed: 3);

        for (var i = 0; i < 10; i++)
        {
            var page = await world.Client.SearchOrdersAsync(world.Shop, new TikTokOrderSearch(), new TikTokPageRequest(), CancellationToken.None);
            Assert.That(page.TotalCount, Is.EqualTo(5));
        }

        Assert.That(world.Calls("/order/202309/orders/search"), Is.GreaterThan(10), "some answers were 429");
    }

    [Test]
    public async Task Malformed_json_yields_a_typed_transient_error_after_the_retries()
    {
        await using var world = await TikTokTestShop.CreateAsync(new Dictionary<string, string?> { ["MaxRetries"] = "2" });
        Sim.Faults.Add(new FaultRule { AppKey = world.App.AppKey, Path = Warehouses, Kind = FaultKind.MalformedJson, Count = null });

        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None)))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.Transient));
        Assert.That(world.Calls(Warehouses), Is.EqualTo(3));
    }

    [Test]
    public async Task An_attempt_that_times_out_is_retried()
    {
        await using var world = await TikTokTestShop.CreateAsync(new Dictionary<string, string?> { ["AttemptTimeout"] = "00:00:00.500" });
        Sim.Faults.Add(new FaultRule { AppKey = world.App.AppKey, Path = Warehouses, Kind = FaultKind.Timeout, Count = 1, DelayMs = 30_000 });

        var warehouses = await world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None);

        Assert.That(warehouses, Is.Not.Empty);
        Assert.That(world.Calls(Warehouses), Is.EqualTo(2));
    }

    [Test]
    public async Task Bad_requests_are_not_retried()
    {
        await using var world = await TikTokTestShop.CreateAsync();

        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.GetProductAsync(world.Shop, "no-such-product", CancellationToken.None)))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.InvalidRequest));
        Assert.That(world.Calls("/product/202309/products/{product_id}"), Is.EqualTo(1));
    }

    [Test]
    public async Task The_rate_limiter_caps_requests_per_API_and_shop_and_not_across_shops_or_APIs()
    {
        await using var world = await TikTokTestShop.CreateAsync(new Dictionary<string, string?> { ["RequestsPerSecondPerApi"] = "2" }, manualRateLimiter: true);
        var otherShop = Sim.State.AddShop(world.Seller.OpenId);
        var other = new TikTokShopRef(otherShop.Id, otherShop.Cipher);
        world.Tokens.Store(otherShop.Id, Sim.State.Authorize(world.App.AppKey, world.Seller.OpenId));

        var calls = Enumerable.Range(0, 5).Select(_ => world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None)).ToList();
        await Eventually(() => Sim.Calls.Count(world.App.AppKey, Warehouses, world.Shop.ShopId) == 2);
        await world.Client.GetWarehousesAsync(other, CancellationToken.None);
        await world.Client.SearchOrdersAsync(world.Shop, new TikTokOrderSearch(), new TikTokPageRequest(), CancellationToken.None);

        Assert.That(Sim.Calls.Count(world.App.AppKey, Warehouses, world.Shop.ShopId), Is.EqualTo(2), "the bucket of this API and shop is empty");
        Assert.That(calls.Count(c => c.IsCompleted), Is.LessThanOrEqualTo(2));

        while (!calls.All(c => c.IsCompleted))
        {
            world.Limiter.Replenish();
            await Task.WhenAny(Task.WhenAll(calls), Task.Delay(50));
        }

        await Task.WhenAll(calls);
        Assert.That(Sim.Calls.Count(world.App.AppKey, Warehouses, world.Shop.ShopId), Is.EqualTo(5));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(condition(), Is.True);
    }
}
