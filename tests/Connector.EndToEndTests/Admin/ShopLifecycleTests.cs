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
}
