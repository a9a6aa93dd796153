using Connector.Testing;
using System.Net;

namespace Connector.EndToEndTests.Admin;

/// <summary>What support did to a shop survives what the seller does later (re-authorizing, authorizing sister shops).</summary>
public sealed class ShopLifecycleTests
{
    [Test]
    public async Task A_support_rename_survives_the_seller_authorizing_again_and_TikToks_name_is_kept_apart()
    {
        await using var admin = await AdminWorld.StartAsync();
        var tiktokName = admin.World.Seller.Shops[0].Name;
        var (renamed, _, _) = await admin.PostAsync($"api/admin/shops/{admin.ShopId}/rename", new { name = "Flagship GB" });
        Assert.That(renamed, Is.EqualTo(HttpStatusCode.OK));

        var (_, status, html) = await admin.World.OnboardAsync(AdminWorld.Merchant);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);

        var (_, shop, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}");
        Assert.That(shop.GetProperty("name").GetString(), Is.EqualTo("Flagship GB"), "support's name stays");
        Assert.That(shop.GetProperty("tikTokName").GetString(), Is.EqualTo(tiktokName), "TikTok's name is kept separately");
        Assert.That(html, Does.Contain("Flagship GB"), "the seller's page shows the shop as the connector knows it");
    }

    [Test]
    public async Task A_deleted_shop_stays_deleted_when_the_seller_authorizes_a_sister_shop_until_support_restores_it()
    {
        await using var admin = await AdminWorld.StartAsync();
        var deletedId = admin.ShopId;
        var (deleted, body, _) = await admin.SendAsync(HttpMethod.Delete, $"api/admin/shops/{deletedId}?confirm={deletedId}");
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var sister = Onboarding.OnboardingWorld.Sim.State.AddShop(admin.World.Seller.OpenId, "Sister shop");

        var (_, status, html) = await admin.World.OnboardAsync(AdminWorld.Merchant);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(await admin.World.Shops.GetAsync(deletedId, CancellationToken.None), Is.Null, "the deleted shop did not come back");
        Assert.That((await admin.World.Shops.GetAsync(sister.Id, CancellationToken.None))!.Status, Is.EqualTo(Connector.Shops.ShopStatus.PendingActivation));
        var cases = await admin.World.Cases.EveryCaseAsync();
        Assert.That(cases.Where(c => c.ShopId == deletedId), Is.Empty, "no new case for the deleted shop");
        Assert.That(html, Does.Contain("removed from this connector by support"), "the seller's page says so");

        // Support asks for it back: a new link naming it.
        var (refused, problem, _) = await admin.PostAsync($"api/admin/merchants/{AdminWorld.Merchant}/onboarding-links", new { region = "GB", restoreShopIds = new[] { sister.Id } });
        Assert.That(refused, Is.EqualTo(HttpStatusCode.BadRequest), "a shop that was not deleted cannot be restored");
        Assert.That(problem.GetProperty("errors").TryGetProperty("restoreShopIds[0]", out _), Is.True, problem.ToString());
        var (created, link, _) = await admin.PostAsync($"api/admin/merchants/{AdminWorld.Merchant}/onboarding-links", new { region = "GB", restoreShopIds = new[] { deletedId } });
        Assert.That(created, Is.EqualTo(HttpStatusCode.Created), link.ToString());
        var callback = await admin.World.ConsentAsync(await admin.World.OpenLinkAsync(new Uri(link.GetProperty("url").GetString()!)));
        var (restoredStatus, restoredHtml) = await admin.World.OpenAsync(callback);
        Assert.That(restoredStatus, Is.EqualTo(HttpStatusCode.OK), restoredHtml);
        Assert.That((await admin.World.Shops.GetAsync(deletedId, CancellationToken.None))!.Status, Is.EqualTo(Connector.Shops.ShopStatus.PendingActivation));
        Assert.That((await admin.World.Cases.EveryCaseAsync()).Any(c => c.ShopId == deletedId && c.Kind == Connector.Support.SupportCaseKind.ActivateShop), Is.True);
    }

    [Test]
    public async Task Opening_a_used_callback_again_shows_the_shops_as_they_are_now()
    {
        await using var admin = await AdminWorld.StartAsync();
        var (callback, first, firstHtml) = await admin.World.OnboardAsync(AdminWorld.Merchant);
        Assert.That(first, Is.EqualTo(HttpStatusCode.OK), firstHtml);
        var shopId = admin.World.Seller.Shops[0].Id;
        Assert.That(firstHtml, Does.Contain("PendingActivation"));
        var (activated, body, _) = await admin.PostAsync($"api/admin/shops/{shopId}/activate");
        Assert.That(activated, Is.EqualTo(HttpStatusCode.OK), body.ToString());

        var (again, html) = await admin.World.OpenAsync(callback);

        Assert.That(again, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Contain($"{shopId}, GB): Active").And.Not.Contain("PendingActivation"), "the page shows the shop's current state");
    }
}
