using System.Net;
using System.Text.Json;

namespace Connector.EndToEndTests.Admin;

/// <summary>One id rule everywhere, every bad field at once, messages in the user's terms; nothing changes on a refusal.</summary>
public sealed class ValidationTests
{
    private static string[] Fields(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();

    [Test]
    public async Task Every_endpoint_refuses_the_same_malformed_merchant_ids()
    {
        await using var admin = await AdminWorld.StartAsync();
        foreach (var merchant in new[] { "a'b", "a%23b", new string('m', 300), "a%20b" })
        {
            foreach (var (method, path, body) in new (string, string, object?)[]
            {
                ("PUT", $"api/merchants/{merchant}/skus", new { skus = new[] { new { sku = "A" } } }),
                ("PUT", $"api/merchants/{merchant}/inventory", new { levels = new[] { new { sku = "A", location = "main", quantity = 1, asOf = "2026-01-01T00:00:00Z" } } }),
                ("GET", $"api/merchants/{merchant}/orders", null),
                ("POST", $"api/merchants/{merchant}/orders/576400000000000001/release", new { }),
                ("POST", $"api/merchants/{merchant}/shipments", new { }),
                ("GET", $"api/merchants/{merchant}/shipments/shp1", null),
                ("POST", $"api/admin/merchants/{merchant}/onboarding-links", new { region = "GB" }),
                ("GET", $"api/merchants/{merchant}/after-sales", null),
                ("POST", $"api/merchants/{merchant}/orders/576400000000000001/cancel", new { reason = "x" }),
                ("PUT", $"api/merchants/{merchant}/products", new { products = new[] { new { id = "P1", title = "Mug", variants = new[] { new { sku = "A", price = 1 } } } } }),
                ("GET", $"api/merchants/{merchant}/products/P1", null),
                ("GET", $"api/merchants/{merchant}/listing-profiles", null),
                ("DELETE", $"api/merchants/{merchant}/listing-profiles/mugs", null),
                ("GET", $"api/merchants/{merchant}/shops/shop-1/listings", null),
                ("GET", $"api/merchants/{merchant}/shops/shop-1/tiktok/categories", null),
            })
            {
                var (status, problem, type) = await admin.SendAsync(new HttpMethod(method), path, body);
                Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), $"{method} {path}: {problem}");
                Assert.That(type, Is.EqualTo("application/problem+json"));
                Assert.That(Fields(problem), Does.Contain("merchantId"), $"{method} {path}");
            }
        }

        var (_, catalog, _) = await admin.GetAsync($"api/admin/shops?merchantId=a'b");
        Assert.That(Fields(catalog), Does.Contain("merchantId"));
    }

    [Test]
    public async Task Bad_sku_rows_are_all_named_in_the_users_terms()
    {
        await using var admin = await AdminWorld.StartAsync();
        var (status, problem, _) = await admin.SendAsync(HttpMethod.Put, $"api/merchants/{AdminWorld.Merchant}/skus",
            rawBody: "{\"skus\": [1, {\"sku\": 5}, {\"sku\": \"OK-1\"}, {\"name\": \"no sku\"}, {\"sku\": \" padded\"}]}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
        Assert.That(Fields(problem), Is.EquivalentTo(new[] { "skus[0]", "skus[1].sku", "skus[3].sku", "skus[4].sku" }));
        Assert.That(problem.ToString(), Does.Not.Contain("Connector.").And.Not.Contain("+Row").And.Not.Contain("System."));
        Assert.That(problem.GetProperty("errors").GetProperty("skus[1].sku")[0].GetString(), Does.Not.Contain("required"), "a present value of the wrong type is not 'required'");
        Assert.That(problem.GetProperty("errors").GetProperty("skus[3].sku")[0].GetString(), Does.StartWith("required"));
    }

    [Test]
    public async Task A_settings_patch_names_every_bad_field_at_once_including_warehouses_and_carriers_the_shop_does_not_have()
    {
        await using var admin = await AdminWorld.StartAsync();
        var simShop = admin.World.Seller.Shops[0];
        var (status, problem, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new
        {
            orders = new { importEnabled = "yes" },
            inventory = new { threshold = "x", bufferPercent = 500, defaultWarehouseId = "7068999999999999" },
            fulfilment = new { fallbackCarrier = "Pigeon Post Ltd" },
        });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
        Assert.That(Fields(problem), Is.EquivalentTo(new[]
        {
            "orders.importEnabled", "inventory.threshold", "inventory.bufferPercent", "inventory.defaultWarehouseId", "fulfilment.fallbackCarrier",
        }), problem.ToString());
        Assert.That(problem.GetProperty("errors").GetProperty("inventory.defaultWarehouseId")[0].GetString(), Does.Contain(simShop.Warehouses[0].Id), "names the shop's warehouses");
        Assert.That(problem.GetProperty("errors").GetProperty("fulfilment.fallbackCarrier")[0].GetString(), Does.Contain("Royal Mail"), "names the shop's providers");
        var (_, shop, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}");
        Assert.That(shop.GetProperty("settings").GetProperty("inventory").ValueKind, Is.EqualTo(JsonValueKind.Null), "nothing changed");

        var (ok, body, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new
        {
            inventory = new { threshold = 2, defaultWarehouseId = simShop.Warehouses[0].Id },
            fulfilment = new { fallbackCarrier = "royal-mail" },
        });
        Assert.That(ok, Is.EqualTo(HttpStatusCode.OK), body.ToString());
    }

    [Test]
    public async Task A_present_but_invalid_value_is_never_called_required()
    {
        await using var admin = await AdminWorld.StartAsync();
        var (_, rename, _) = await admin.PostAsync($"api/admin/shops/{admin.ShopId}/rename", new { name = new string('n', 300) });
        Assert.That(rename.GetProperty("errors").GetProperty("name")[0].GetString(), Does.Not.Contain("required"));

        var (_, shipment, _) = await admin.PostAsync($"api/merchants/{AdminWorld.Merchant}/shipments", new
        {
            orderId = "not an id", lines = 5, carrier = new string('c', 300), trackingNumber = "##", shippedAt = "yesterday", idempotencyKey = 42,
        });
        var errors = shipment.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "orderId", "lines", "carrier", "trackingNumber", "shippedAt", "idempotencyKey" }), shipment.ToString());
        Assert.That(errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()), Has.None.Contain("required"), shipment.ToString());

        var (_, link, _) = await admin.PostAsync($"api/admin/merchants/{AdminWorld.Merchant}/onboarding-links", new { region = "Great Britain" });
        Assert.That(link.GetProperty("errors").GetProperty("region")[0].GetString(), Does.Not.Contain("required"));
        var (_, level, _) = await admin.SendAsync(HttpMethod.Put, $"api/merchants/{AdminWorld.Merchant}/inventory",
            new { levels = new object[] { new { sku = 5, location = "main", quantity = "ten", asOf = "soon" } } });
        Assert.That(level.GetProperty("errors").GetProperty("levels[0]").EnumerateArray().Select(m => m.GetString()), Has.None.Contain("required"), level.ToString());
    }
}
