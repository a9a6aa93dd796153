using System.Net;
using Connector.Orders;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.Admin;

/// <summary>"Why is this order not here?" gives the right reason for each case.</summary>
public sealed class ExplainOrderTests
{
    private static async Task<string> VerdictAsync(AdminWorld admin, string orderId)
    {
        var (status, body, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}/orders/{orderId}/explain");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("explanation").GetString(), Is.Not.Empty);
        return body.GetProperty("verdict").GetString()!;
    }

    [Test]
    public async Task Explain_names_the_reason_an_order_is_or_is_not_stored()
    {
        await using var admin = await AdminWorld.StartAsync();
        var sim = Onboarding.OnboardingWorld.Sim.State;
        var shopId = admin.ShopId;
        var old = sim.GenerateOrders(shopId, 1, seed: 11, from: DateTimeOffset.UtcNow.AddDays(-10), to: DateTimeOffset.UtcNow.AddDays(-9), status: "AWAITING_SHIPMENT")[0];
        var stored = sim.GenerateOrders(shopId, 1, seed: 12, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddDays(-1), status: "AWAITING_SHIPMENT")[0];
        var unpaid = sim.GenerateOrders(shopId, 1, seed: 13, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddDays(-1), status: "UNPAID")[0];
        var platform = sim.GenerateOrders(shopId, 1, seed: 14, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddDays(-1), status: "AWAITING_SHIPMENT")[0];
        sim.Locked(() => platform.FulfillmentType = "FULFILLMENT_BY_TIKTOK");
        var tiktokShipping = sim.GenerateOrders(shopId, 1, seed: 17, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddDays(-1), status: "AWAITING_SHIPMENT",
            orderOptions: new SimOrderOptions(ShippingType: "TIKTOK"))[0];
        var onHold = sim.GenerateOrders(shopId, 1, seed: 15, from: DateTimeOffset.UtcNow.AddMinutes(-10), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: "ON_HOLD")[0]; // TikTok releases holds after an hour

        Assert.That(await VerdictAsync(admin, stored.Id), Is.EqualTo("ShopNotActive"), "not activated yet");
        var (patched, _, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{shopId}/settings",
            new { orders = new { importStartDate = DateTimeOffset.UtcNow.AddDays(-5), importOnHoldOrders = false } });
        Assert.That(patched, Is.EqualTo(HttpStatusCode.OK));
        await admin.ActivateAsync();

        Assert.That(await VerdictAsync(admin, stored.Id), Is.EqualTo("Stored"));
        Assert.That(await VerdictAsync(admin, unpaid.Id), Is.EqualTo("SkippedByRule"));
        Assert.That(await VerdictAsync(admin, platform.Id), Is.EqualTo("SkippedByRule"), "fulfilled by TikTok");
        Assert.That(await VerdictAsync(admin, tiktokShipping.Id), Is.EqualTo("Stored"), "TikTok Shipping: the warehouse ships it");
        var (_, held, _) = await admin.GetAsync($"api/admin/shops/{shopId}/orders/{onHold.Id}/explain");
        Assert.That(held.GetProperty("verdict").GetString(), Is.EqualTo("SkippedByRule"));
        Assert.That(held.GetProperty("explanation").GetString(), Does.Contain("On hold"));
        Assert.That(await VerdictAsync(admin, old.Id), Is.EqualTo("BeforeStartDate"));
        Assert.That(await VerdictAsync(admin, "5764000000000000"), Is.EqualTo("UnknownOnTikTok"));

        var fresh = sim.GenerateOrders(shopId, 1, seed: 16, from: DateTimeOffset.UtcNow.AddHours(-1), to: DateTimeOffset.UtcNow, status: "AWAITING_SHIPMENT")[0];
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        sim.ChangeOrder(shopId, fresh.Id, "AWAITING_SHIPMENT");
        var (_, notYet, _) = await admin.GetAsync($"api/admin/shops/{shopId}/orders/{fresh.Id}/explain");
        Assert.That(notYet.GetProperty("verdict").GetString(), Is.EqualTo("NotYetPulled"), notYet.ToString());
        Assert.That(notYet.GetProperty("orderPull").GetProperty("nextScheduledAt").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.String));

        await admin.PostAsync($"api/admin/shops/{shopId}/pause");
        Assert.That(await VerdictAsync(admin, fresh.Id), Is.EqualTo("ShopNotActive"));
        await admin.PostAsync($"api/admin/shops/{shopId}/resume");
        await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{shopId}/settings", new { orders = new { importEnabled = false } });
        Assert.That(await VerdictAsync(admin, fresh.Id), Is.EqualTo("ImportDisabled"));

        var orders = admin.Services.GetRequiredService<OrderStore>();
        var foreign = (await orders.GetAsync(shopId, stored.Id, CancellationToken.None))!.Order with { ShopId = "other-shop", OrderId = "5764999999999999", MerchantId = "someone-else" };
        await orders.SaveAsync("other-shop", [new VersionedOrder(foreign, null)], CancellationToken.None);
        var (_, elsewhere, _) = await admin.GetAsync($"api/admin/shops/{shopId}/orders/{foreign.OrderId}/explain");
        Assert.That(elsewhere.GetProperty("verdict").GetString(), Is.EqualTo("OrderOfAnotherShop"));
        Assert.That(elsewhere.GetProperty("otherShopId").GetString(), Is.EqualTo("other-shop"));

        Assert.That((await admin.GetAsync($"api/admin/shops/nope/orders/{stored.Id}/explain")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Explain_says_the_authorization_expired_when_the_seller_must_authorize_again()
    {
        await using var admin = await AdminWorld.StartAsync();
        var shop = (await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!;
        var before = shop.Status;
        shop.Status = Connector.Shops.ShopStatus.ReauthorizationRequired;
        await admin.World.Shops.UpdateAsync(shop, before, CancellationToken.None);
        Assert.That(await VerdictAsync(admin, "5764000000000001"), Is.EqualTo("AuthorizationExpired"));
    }
}
