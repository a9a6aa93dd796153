using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connector.EndToEndTests.Fulfilment;
using Connector.EndToEndTests.Onboarding;
using Connector.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Orders;

/// <summary>What a warehouse that polls needs: orders by shop and changed since its last poll, the delivery option, and its shipments.</summary>
public sealed class WarehouseFeedTests
{
    private const string Merchant = "merchant-warehouse";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(OnboardingWorld world, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        using var response = await world.Host.Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task PostAsync(OnboardingWorld world, string path, object body)
    {
        using var request = new HttpRequestMessage(path.Contains("/settings", StringComparison.Ordinal) ? HttpMethod.Patch : HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        using var response = await world.Host.Http.SendAsync(request);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
    }

    private static async Task PulledAsync(OnboardingWorld world, string shopId, int count)
    {
        var runs = world.Host.Services.GetRequiredService<RunStore>();
        await Eventually.HoldsAsync(
            async () => (await runs.ListAsync(shopId, RunKinds.OrderPull, RunOutcome.Succeeded, null, 100, CancellationToken.None)).Runs.Count >= count,
            $"{count} order pulls of shop {shopId}");
    }

    [Test]
    public async Task The_order_feed_filters_by_shop_and_by_changed_since_and_carries_the_delivery_option()
    {
        await using var world = await OnboardingWorld.StartAsync(new Dictionary<string, string?> { ["OrderPull:Lag"] = "00:00:00" });
        var sim = OnboardingWorld.Sim.State;
        var second = sim.AddShop(world.Seller.OpenId, "Second shop");
        var first = world.Seller.Shops[0];
        var firstOrders = sim.GenerateOrders(first.Id, 4, seed: 41, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: "AWAITING_SHIPMENT");
        var secondOrders = sim.GenerateOrders(second.Id, 3, seed: 42, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: "AWAITING_SHIPMENT");
        Assert.That((await world.OnboardAsync(Merchant)).Status, Is.EqualTo(HttpStatusCode.OK));
        foreach (var shop in new[] { first, second })
        {
            await PostAsync(world, $"api/admin/shops/{shop.Id}/settings", new { orders = new { importStartDate = DateTimeOffset.UtcNow.AddDays(-3) } });
            await PostAsync(world, $"api/admin/shops/{shop.Id}/activate", new { });
            await PulledAsync(world, shop.Id, 1);
        }

        var (status, onlySecond) = await GetAsync(world, $"api/merchants/{Merchant}/orders?shopId={second.Id}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), onlySecond.ToString());
        var orders = onlySecond.GetProperty("orders").EnumerateArray().ToList();
        Assert.That(orders.Select(o => o.GetProperty("orderId").GetString()), Is.EquivalentTo(secondOrders.Select(o => o.Id)));
        Assert.That(orders.Select(o => o.GetProperty("deliveryOptionName").GetString()), Is.All.EqualTo(second.Warehouses[0].DeliveryOptions[0].Name));
        Assert.That(orders.Select(o => o.GetProperty("deliveryOptionId").GetString()), Is.All.EqualTo(second.Warehouses[0].DeliveryOptions[0].Id));
        Assert.That(orders.Select(o => o.GetProperty("deliveryType").GetString()), Is.All.EqualTo("HOME_DELIVERY"));
        var asOf = onlySecond.GetProperty("asOf").GetDateTimeOffset();

        // A warehouse polling with the previous asOf gets only what changed since.
        sim.ChangeOrder(first.Id, firstOrders[0].Id, "CANCELLED", "Buyer changed their mind");
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a pull's window ends before "now" (to the second)
        await PostAsync(world, $"api/admin/shops/{first.Id}/sync/orders", new { });
        await PulledAsync(world, first.Id, 2);
        var (_, changed) = await GetAsync(world, $"api/merchants/{Merchant}/orders?changedSince={Uri.EscapeDataString(asOf.ToString("O"))}");
        Assert.That(changed.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()), Is.EqualTo(new[] { firstOrders[0].Id }));

        var (badSince, problem) = await GetAsync(world, $"api/merchants/{Merchant}/orders?changedSince=yesterday&shopId=a'b");
        Assert.That(badSince, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "changedSince", "shopId" }));
        Assert.That((await GetAsync(world, $"api/merchants/{Merchant}/orders?shopId=7494999999999999")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Shipments_are_listed_by_order_status_and_changed_since()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        var other = await world.StoredOrderAsync(seed: 7);
        var shipped = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all"));
        var failed = await world.ShipAsync(FulfilmentWorld.Body(other.Id, "all", carrier: "Pigeon Post Ltd"));
        Assert.That(failed.GetProperty("status").GetString(), Is.EqualTo("Failed"));

        var (status, all) = await GetAsync(world.Inner, $"api/merchants/{FulfilmentWorld.MerchantId}/shipments");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), all.ToString());
        Assert.That(all.GetProperty("shipments").EnumerateArray().Select(s => s.GetProperty("shipmentId").GetString()),
            Is.EquivalentTo(new[] { shipped.GetProperty("shipmentId").GetString(), failed.GetProperty("shipmentId").GetString() }));

        var (_, byOrder) = await GetAsync(world.Inner, $"api/merchants/{FulfilmentWorld.MerchantId}/shipments?orderId={order.Id}");
        Assert.That(byOrder.GetProperty("shipments").EnumerateArray().Single().GetProperty("packageId").GetString(), Is.Not.Empty);
        var (_, failedOnly) = await GetAsync(world.Inner, $"api/merchants/{FulfilmentWorld.MerchantId}/shipments?status=failed");
        Assert.That(failedOnly.GetProperty("shipments").EnumerateArray().Single().GetProperty("orderId").GetString(), Is.EqualTo(other.Id));
        var (_, later) = await GetAsync(world.Inner, $"api/merchants/{FulfilmentWorld.MerchantId}/shipments?changedSince={Uri.EscapeDataString(all.GetProperty("asOf").GetDateTimeOffset().AddSeconds(1).ToString("O"))}");
        Assert.That(later.GetProperty("shipments").GetArrayLength(), Is.Zero);
        var (_, paged) = await GetAsync(world.Inner, $"api/merchants/{FulfilmentWorld.MerchantId}/shipments?pageSize=1");
        Assert.That(paged.GetProperty("shipments").GetArrayLength(), Is.EqualTo(1));
        Assert.That(paged.GetProperty("continuationToken").GetString(), Is.Not.Empty);

        var (bad, problem) = await GetAsync(world.Inner, $"api/merchants/{FulfilmentWorld.MerchantId}/shipments?status=Lost&pageSize=0");
        Assert.That(bad, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "status", "pageSize" }));
    }
}
