using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

/// <summary>The simulator as a new user drives it from scripts/run-local.sh: its control API and its state across restarts.</summary>
public sealed class SimulatorControlTests
{
    private static readonly HttpClient Http = new();

    [Test]
    public async Task Fault_kinds_are_accepted_by_name_as_well_as_by_number_and_bad_ones_are_refused()
    {
        var sim = TikTokTestShop.Sim;
        var appKey = "fault-app-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using var byName = await Http.PostAsJsonAsync(new Uri(sim.BaseUri, "_sim/faults"), new { app_key = appKey, kind = "ServerError", count = 1 });
            using var byLowerName = await Http.PostAsJsonAsync(new Uri(sim.BaseUri, "_sim/faults"), new { app_key = appKey, kind = "rateLimited", count = 1 });
            using var byNumber = await Http.PostAsJsonAsync(new Uri(sim.BaseUri, "_sim/faults"), new { app_key = appKey, kind = 3, count = 1 });
            using var unknown = await Http.PostAsJsonAsync(new Uri(sim.BaseUri, "_sim/faults"), new { app_key = appKey, kind = "Meteor", count = 1 });

            Assert.That(byName.StatusCode, Is.EqualTo(HttpStatusCode.OK), await byName.Content.ReadAsStringAsync());
            Assert.That((await byName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString(), Is.EqualTo("ServerError"));
            Assert.That((await byLowerName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString(), Is.EqualTo("RateLimited"));
            Assert.That((await byNumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString(), Is.EqualTo("MalformedJson"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("RateLimited").And.Contain("ServerError"), "the answer names the kinds");
        }
        finally
        {
            sim.Faults.Clear(appKey);
        }
    }

    [TestCase(0)]
    [TestCase(-2)]
    [TestCase(1000)]
    public async Task A_seller_with_no_shops_or_too_many_is_refused(int shops)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(TikTokTestShop.Sim.BaseUri, "_sim/sellers"), new { shops });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("shops"));
    }

    [Test]
    public async Task A_simulator_with_a_state_file_keeps_sellers_shops_tokens_and_orders_across_a_restart()
    {
        var file = Path.Combine(Path.GetTempPath(), "sim-state-" + Guid.NewGuid().ToString("N"), "state.json");
        var options = new SimulatorOptions { Apps = { new SimApp("persist-app", "persist-secret", "persist-svc", "http://127.0.0.1:1/cb") }, StateFile = file };
        string shopId, refreshToken, sellerId;
        int orders, warehouses;
        await using (var first = await TikTokSimulatorServer.StartAsync(options, CancellationToken.None))
        {
            var seller = first.State.CreateSeller("Persisted seller", "GB", 2);
            sellerId = seller.OpenId;
            shopId = seller.Shops[1].Id;
            first.State.GenerateOrders(shopId, 25, seed: 3);
            refreshToken = first.State.Authorize("persist-app", seller.OpenId).RefreshToken;
            orders = first.State.Shop(shopId).Orders.Count;
            warehouses = first.State.Shop(shopId).Warehouses.Count;
        }

        Assert.That(File.Exists(file), Is.True, "saved on stop");
        var restarted = new SimulatorOptions { Apps = { new SimApp("persist-app", "persist-secret", "persist-svc", "http://127.0.0.1:2/cb") }, StateFile = file };
        await using var second = await TikTokSimulatorServer.StartAsync(restarted, CancellationToken.None);
        var shop = second.State.Shop(shopId);
        Assert.That(shop.Orders, Has.Count.EqualTo(orders));
        Assert.That(shop.Warehouses, Has.Count.EqualTo(warehouses));
        Assert.That(shop.Warehouses[0].DeliveryOptions[0].ShippingProviders, Is.Not.Empty);
        Assert.That(shop.Products, Is.Not.Empty);
        Assert.That(second.State.Locked(() => second.State.Shop(shopId).SellerId), Is.EqualTo(sellerId));
        Assert.That(() => second.State.Refresh("persist-app", "persist-secret", refreshToken, "refresh_token"), Throws.Nothing, "the seller's tokens still work");
        Assert.That(second.State.FindApp("persist-app")!.CallbackUrl, Is.EqualTo("http://127.0.0.1:2/cb"), "the app given at start wins");
        second.State.GenerateOrders(shopId, 5, seed: 9);
        Assert.That(second.State.Shop(shopId).Orders, Has.Count.EqualTo(orders + 5), "ids go on from where they were: no new order replaced an old one");
    }
}
