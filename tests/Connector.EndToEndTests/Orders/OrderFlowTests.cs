using Connector.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connector.EndToEndTests.Onboarding;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Orders;

/// <summary>
/// Orders through the real function classes in the local host: the timer's fan-out, the queue worker, the SKU catalog
/// and re-evaluation, the back office's listing and release, a cancellation after release.
/// </summary>
public sealed class OrderFlowTests
{
    private const string Merchant = "merchant-orders";

    private static async Task<(OnboardingWorld World, string ShopId)> ActiveShopAsync()
    {
        // No lag: the test moves orders on TikTok and pulls right after.
        var world = await OnboardingWorld.StartAsync(new Dictionary<string, string?> { ["OrderPull:Lag"] = "00:00:00" });
        await world.OnboardAsync(Merchant);
        var shopId = world.Seller.Shops[0].Id;
        var shop = (await world.Shops.GetAsync(shopId, CancellationToken.None))!;
        var before = shop.Status;
        shop.Status = ShopStatus.Active;
        shop.Settings.Orders = new ShopOrderSettings { ImportStartDate = DateTimeOffset.UtcNow.AddDays(-7) };
        await world.Shops.UpdateAsync(shop, before, CancellationToken.None);
        OnboardingWorld.Sim.State.GenerateOrders(shopId, 0, 1); // the shop's default products
        return (world, shopId);
    }

    private static string[] ShopSkus(string shopId) =>
        OnboardingWorld.Sim.State.Shop(shopId).Products.Values.SelectMany(p => p.Skus).Select(s => s.SellerSku).Order(StringComparer.Ordinal).ToArray();

    private static async Task<HttpResponseMessage> SendAsync(OnboardingWorld world, HttpMethod method, string path, object? body = null, bool withKey = true)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (withKey)
        {
            request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        }

        return await world.Host.Http.SendAsync(request);
    }

    private static async Task<List<JsonElement>> ListAsync(OnboardingWorld world, string state, int pageSize = 100)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var path = $"api/merchants/{Merchant}/orders?state={state}&pageSize={pageSize}" + (token is null ? "" : $"&continuationToken={token}");
            using var response = await SendAsync(world, HttpMethod.Get, path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            all.AddRange(body.RootElement.GetProperty("orders").EnumerateArray().Select(e => e.Clone()));
            token = body.RootElement.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        return all;
    }

    /// <summary>The timer's work, then wait until the queued pull has finished (a pull still holding the shop skips a second one).</summary>
    private static async Task PullAsync(OnboardingWorld world, string shopId)
    {
        var runs = world.Host.Services.GetRequiredService<RunStore>();
        var before = await runs.ListAsync(shopId, RunKinds.OrderPull, RunOutcome.Succeeded, null, 100, CancellationToken.None);
        await world.Host.Services.GetRequiredService<OrderPullFanOut>().RunAsync(CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => (await runs.ListAsync(shopId, RunKinds.OrderPull, RunOutcome.Succeeded, null, 100, CancellationToken.None)).Runs.Count > before.Runs.Count,
            "the order pull run to succeed");
    }

    [Test]
    public async Task Pulled_orders_with_unknown_SKUs_wait_as_pending_and_become_ready_once_the_catalog_has_them()
    {
        var (world, shopId) = await ActiveShopAsync();
        await using var _ = world;
        var skus = ShopSkus(shopId);
        var generated = OnboardingWorld.Sim.State.GenerateOrders(shopId, 30, seed: 4, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: TikTokOrderStatus.AwaitingShipment);
        using (var put = await SendAsync(world, HttpMethod.Put, $"api/merchants/{Merchant}/skus", new { skus = skus.Take(1).Select(s => new { sku = s }) }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await PullAsync(world, shopId);
        await Eventually.HoldsAsync(async () => (await ListAsync(world, "Pending")).Count + (await ListAsync(world, "ReadyToFulfil")).Count == generated.Count, "every order stored");
        var pending = await ListAsync(world, "Pending");
        Assert.That(pending, Is.Not.Empty);
        Assert.That(pending.SelectMany(o => o.GetProperty("missingSkus").EnumerateArray().Select(s => s.GetString())).Distinct(), Is.SubsetOf(skus.Skip(1)));

        using (var put = await SendAsync(world, HttpMethod.Put, $"api/merchants/{Merchant}/skus", new { skus = skus.Select(s => new { sku = s }) }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await Eventually.HoldsAsync(async () => (await ListAsync(world, "Pending")).Count == 0, "pending orders re-evaluated");
        var ready = await ListAsync(world, "ReadyToFulfil", pageSize: 7);
        Assert.That(ready.Select(o => o.GetProperty("orderId").GetString()), Is.EquivalentTo(generated.Select(o => o.Id)));
    }

    [Test]
    public async Task Release_is_idempotent_refuses_other_states_and_a_cancellation_after_release_opens_a_case()
    {
        var (world, shopId) = await ActiveShopAsync();
        await using var _ = world;
        using (await SendAsync(world, HttpMethod.Put, $"api/merchants/{Merchant}/skus", new { skus = ShopSkus(shopId).Select(s => new { sku = s }) }))
        {
        }

        var generated = OnboardingWorld.Sim.State.GenerateOrders(shopId, 3, seed: 8, from: DateTimeOffset.UtcNow.AddDays(-1), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: TikTokOrderStatus.AwaitingShipment);
        await PullAsync(world, shopId);
        await Eventually.HoldsAsync(async () => (await ListAsync(world, "ReadyToFulfil")).Count == 3, "three ready orders");
        var orderId = generated[0].Id;

        using var first = await SendAsync(world, HttpMethod.Post, $"api/merchants/{Merchant}/orders/{orderId}/release");
        using var again = await SendAsync(world, HttpMethod.Post, $"api/merchants/{Merchant}/orders/{orderId}/release");
        using var unknown = await SendAsync(world, HttpMethod.Post, $"api/merchants/{Merchant}/orders/999/release");
        using var otherMerchant = await SendAsync(world, HttpMethod.Post, $"api/merchants/someone-else/orders/{orderId}/release");
        using var noKey = await SendAsync(world, HttpMethod.Post, $"api/merchants/{Merchant}/orders/{generated[1].Id}/release", withKey: false);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(otherMerchant.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await ListAsync(world, "Released")).Select(o => o.GetProperty("orderId").GetString()), Is.EqualTo(new[] { orderId }));

        OnboardingWorld.Sim.State.ChangeOrder(shopId, orderId, TikTokOrderStatus.Cancelled, "Buyer cancelled");
        OnboardingWorld.Sim.State.ChangeOrder(shopId, generated[2].Id, TikTokOrderStatus.Cancelled, "Buyer cancelled");
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await PullAsync(world, shopId);

        await Eventually.HoldsAsync(async () => (await ListAsync(world, "CancelledAfterRelease")).Count == 1, "the released order cancelled after release");
        Assert.That((await ListAsync(world, "Cancelled")).Select(o => o.GetProperty("orderId").GetString()), Is.EqualTo(new[] { generated[2].Id }));
        var cases = await world.Cases.EveryCaseAsync();
        Assert.That(cases.Where(c => c.Kind == SupportCaseKind.CancelledAfterRelease).Select(c => c.Message), Has.One.Contains(orderId));
        using var cancelled = await SendAsync(world, HttpMethod.Post, $"api/merchants/{Merchant}/orders/{generated[2].Id}/release");
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Bad_back_office_requests_are_problems_and_change_nothing()
    {
        var (world, shopId) = await ActiveShopAsync();
        await using var _ = world;

        using var badState = await SendAsync(world, HttpMethod.Get, $"api/merchants/{Merchant}/orders?state=Lost");
        using var badToken = await SendAsync(world, HttpMethod.Get, $"api/merchants/{Merchant}/orders?continuationToken=nonsense!");
        using var unknownMerchant = await SendAsync(world, HttpMethod.Get, "api/merchants/nobody/orders");
        using var badSkus = await SendAsync(world, HttpMethod.Put, $"api/merchants/{Merchant}/skus", new { skus = new object[] { new { sku = "OK-1" }, new { sku = "" }, new { sku = "OK-1" } } });
        using var notJson = await world.Host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"api/merchants/{Merchant}/skus")
        {
            Content = new StringContent("{skus:", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "x-functions-key", RunningHost.FunctionKey } },
        });

        Assert.That(badState.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(badToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(unknownMerchant.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(badSkus.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = JsonDocument.Parse(await badSkus.Content.ReadAsStringAsync()).RootElement;
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "skus[1].sku", "skus[2].sku" }));
        Assert.That(notJson.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var catalog = world.Host.Services.GetRequiredService<Connector.Catalog.SkuCatalog>();
        Assert.That(await catalog.CountAsync(Merchant, CancellationToken.None), Is.Zero, "nothing of the rejected request was stored");
    }
}
