using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Listings;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.Listings;

/// <summary>The catalog to TikTok through the local host: profiles, validation, create, update, activation, delete, the daily limit, reviews.</summary>
public sealed class ListingEndToEndTests
{
    private const string CreatePath = "/product/202309/products";
    private const string EditPath = "/product/202509/products/{product_id}/partial_edit";
    private const string PricePath = "/product/202309/products/{product_id}/prices/update";
    private const string UploadPath = "/product/202309/images/upload";

    private static TikTokSimulatorServer Sim => ListingWorld.Sim;

    [Test]
    public async Task A_catalog_goes_through_its_profile_invalid_products_are_held_with_reasons_and_valid_ones_are_created_as_mapped()
    {
        await using var world = await ListingWorld.StartAsync();
        var (profiled, profileBody) = await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);
        Assert.That(profiled, Is.EqualTo(HttpStatusCode.OK), profileBody);
        var descriptionImage = ListingWorld.Image(500, 400, "desc");
        var valid = ListingWorld.Mug("MUG-1", change: m => m["description"] = $"<p>A big mug.</p><img src=\"{descriptionImage}\" width=\"500\" height=\"400\">");

        var (status, body) = await world.PutProductsAsync($$"""
            [{{valid}},
             {{ListingWorld.Mug("MUG-2", change: m => m["attributes"] = new JsonObject())}},
             {{ListingWorld.Mug("MUG-3", image: ListingWorld.Image(200, 200))}},
             {{ListingWorld.Mug("MUG-4", change: m => m.Remove("weight"))}},
             {{ListingWorld.Mug("MUG-5", image: "http://169.254.169.254/latest/meta-data/image.png")}}]
            """);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("changed").GetInt32(), Is.EqualTo(5));
        var listing = await world.WaitForListingAsync("MUG-1", l => l.GetProperty("tiktokProductId").ValueKind == JsonValueKind.String, "created on TikTok");
        var product = world.TikTokProduct(listing);
        Assert.That(product.GetProperty("category_chains").EnumerateArray().Last().GetProperty("id").GetString(), Is.EqualTo(SimListingCatalog.Mugs));
        var material = product.GetProperty("product_attributes").EnumerateArray().Single(a => a.GetProperty("id").GetString() == SimListingCatalog.MaterialAttribute);
        Assert.That(material.GetProperty("values")[0].GetProperty("name").GetString(), Is.EqualTo("Ceramic"));
        var skus = product.GetProperty("skus").EnumerateArray().ToList();
        Assert.That(skus.Select(s => s.GetProperty("seller_sku").GetString()), Is.EqualTo(new[] { "MUG-1-RED", "MUG-1-WHITE" }));
        Assert.That(skus.Select(s => s.GetProperty("price").GetProperty("sale_price").GetString()), Is.All.EqualTo("11.99"), "10.00 +10%, rounded up to .99");
        Assert.That(skus[0].GetProperty("sales_attributes")[0].GetProperty("value_name").GetString(), Is.EqualTo("Red"));
        Assert.That(product.GetProperty("description").GetString(), Does.Contain("https://p16-oec-sim.ibyteimg.test/").And.Not.Contain(descriptionImage),
            "the description image was uploaded to TikTok and its URL replaced");

        foreach (var (id, field) in new[] { ("MUG-2", "attributes.Material"), ("MUG-3", "images[0]"), ("MUG-4", "weight"), ("MUG-5", "images[0]") })
        {
            var held = await world.WaitForListingAsync(id, l => ListingWorld.HasStatus(l, "Invalid"), "held as Invalid");
            Assert.That(held.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()), Does.Contain(field), id);
            Assert.That(held.GetProperty("tiktokProductId").ValueKind, Is.EqualTo(JsonValueKind.Null), id + " was not sent");
        }

        Assert.That(world.Calls(CreatePath), Is.EqualTo(1), "only the valid product was sent");
        var (_, csv) = await world.SendAsync(HttpMethod.Get, $"api/merchants/{ListingWorld.MerchantId}/shops/{world.ShopId}/listings?status=Invalid&format=csv", null);
        Assert.That(csv, Does.Contain("MUG-2,Invalid,attributes.Material,").And.Contain("MUG-3,Invalid,images[0],").And.Contain("is 200x200 pixels"));
        await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Live"), "live after TikTok's review (product webhooks)");
    }

    [Test]
    public async Task A_price_change_updates_only_the_price_and_an_unchanged_product_costs_nothing()
    {
        await using var world = await ListingWorld.StartAsync();
        await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);
        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1")}]");
        var listing = await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Live"), "live");
        var (creates, edits, uploads) = (world.Calls(CreatePath), world.Calls(EditPath), world.Calls(UploadPath));

        var (_, same) = await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1")}]");
        Assert.That(JsonDocument.Parse(same).RootElement.GetProperty("unchanged").GetInt32(), Is.EqualTo(1));
        var (_, changed) = await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1", price: 12.00m)}]");
        Assert.That(JsonDocument.Parse(changed).RootElement.GetProperty("changed").GetInt32(), Is.EqualTo(1));

        await Eventually.HoldsAsync(() => world.TikTokProduct(listing).GetProperty("skus").EnumerateArray().All(s => s.GetProperty("price").GetProperty("sale_price").GetString() == "13.99"),
            "TikTok shows 12.00 +10% = 13.99", TimeSpan.FromSeconds(60));
        Assert.That(world.Calls(PricePath), Is.EqualTo(1), "one price update for the product");
        Assert.That((world.Calls(CreatePath), world.Calls(EditPath), world.Calls(UploadPath)), Is.EqualTo((creates, edits, uploads)), "nothing else went to TikTok");
        var updated = await world.WaitForListingAsync("MUG-1", l => l.GetProperty("history")[0].GetProperty("what").GetString()!.Contains("price", StringComparison.Ordinal), "price in history");
        Assert.That(ListingWorld.HasStatus(updated, "Live"), updated.ToString());
    }

    [Test]
    public async Task A_title_change_goes_out_as_a_partial_edit_of_the_title_alone()
    {
        await using var world = await ListingWorld.StartAsync();
        await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);
        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1")}]");
        var listing = await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Live"), "live");

        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1", change: m => m["title"] = "Stoneware mug, extra large")}]");

        await Eventually.HoldsAsync(() => world.TikTokProduct(listing).GetProperty("title").GetString() == "Stoneware mug, extra large", "TikTok shows the new title", TimeSpan.FromSeconds(60));
        Assert.That(world.Calls(EditPath), Is.EqualTo(1));
        Assert.That(world.Calls(PricePath), Is.Zero);
    }

    [Test]
    public async Task A_create_whose_answers_never_arrived_is_not_made_twice_even_when_the_product_changed_before_the_retry()
    {
        await using var world = await ListingWorld.StartAsync();
        await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);
        // TikTok makes the product, and every answer (first call and the client's retries) is lost on the way back.
        ListingWorld.Sim.Faults.Add(new FaultRule { AppKey = world.AppKey, Path = CreatePath, Kind = FaultKind.AnswerLost, Count = null });
        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1")}]");
        await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Waiting"), "waiting: TikTok did not answer the create");
        ListingWorld.Sim.Faults.Clear(world.AppKey);

        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1", change: m => m["title"] = "Stoneware mug, extra large")}]");

        var listing = await world.WaitForListingAsync("MUG-1", l => l.TryGetProperty("tiktokProductId", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String, "on TikTok");
        Assert.That(ListingWorld.Sim.State.CreatesToday(world.ShopId), Is.EqualTo(1), "one product on TikTok, not two");
        await Eventually.HoldsAsync(() => world.TikTokProduct(listing).GetProperty("title").GetString() == "Stoneware mug, extra large",
            "the change made after the first create reaches TikTok's product", TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task A_deactivation_and_a_delete_reach_tiktok()
    {
        await using var world = await ListingWorld.StartAsync("\"autoDelete\": true");
        await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);
        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1")}]");
        var listing = await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Live"), "live");

        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1", change: m => m["active"] = false)}]");
        await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Deactivated"), "deactivated");
        Assert.That(world.TikTokProduct(listing).GetProperty("status").GetString(), Is.EqualTo("SELLER_DEACTIVATED"));

        var (deleted, body) = await world.SendAsync(HttpMethod.Delete, $"api/merchants/{ListingWorld.MerchantId}/products/MUG-1", null);
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.OK), body);
        await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Deleted"), "deleted");
        Assert.That(world.TikTokProduct(listing).GetProperty("status").GetString(), Is.EqualTo("DELETED"));
        Assert.That(world.Calls("/product/202309/products/deactivate") + world.Calls("/product/202309/products"), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task The_daily_limit_holds_back_the_rest_in_catalog_order_until_the_next_day()
    {
        await using var world = await ListingWorld.StartAsync("\"dailyCreateLimit\": 2");
        await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);

        await world.PutProductsAsync($"[{ListingWorld.Mug("P1")}, {ListingWorld.Mug("P2")}, {ListingWorld.Mug("P3")}, {ListingWorld.Mug("P4")}]");

        var waiting = await world.WaitForListingAsync("P3", l => ListingWorld.HasStatus(l, "Waiting"), "waiting for the daily limit");
        Assert.That(waiting.GetProperty("reason").GetString(), Does.Contain("daily limit of 2"));
        Assert.That(waiting.GetProperty("waitsUntil").GetDateTimeOffset(), Is.EqualTo(world.Clock.NextDay));
        Assert.That(ListingWorld.HasStatus((await world.ListingAsync("P4"))!.Value, "Waiting"));
        foreach (var id in new[] { "P1", "P2" })
        {
            await world.WaitForListingAsync(id, l => l.GetProperty("tiktokProductId").ValueKind == JsonValueKind.String, "created first");
        }

        // The run is recorded after the listings it wrote: wait for it rather than read it once.
        var runs = "";
        await Eventually.HoldsAsync(async () =>
        {
            (_, runs) = await world.SendAsync(HttpMethod.Get, $"api/admin/shops/{world.ShopId}/runs?kind={ListingPushHandler.RunKind}", null);
            return JsonDocument.Parse(runs).RootElement.GetProperty("runs").EnumerateArray()
                .Select(r => r.GetProperty("details").TryGetProperty("summary", out var s) ? s.GetString() ?? "" : "")
                .Any(s => s.Contains("2 products wait for TikTok's daily limit (2 a day)", StringComparison.Ordinal));
        }, "a listing run that says two products wait for the daily limit", TimeSpan.FromSeconds(30));

        // The same day, a push creates nothing more.
        await world.SendAsync(HttpMethod.Post, $"api/admin/shops/{world.ShopId}/listings/push", null);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(world.Calls(CreatePath), Is.EqualTo(2));

        world.Clock.Offset = TimeSpan.FromDays(1);
        var (pushed, pushBody) = await world.SendAsync(HttpMethod.Post, $"api/admin/shops/{world.ShopId}/listings/push", null);
        Assert.That(pushed, Is.EqualTo(HttpStatusCode.Accepted), pushBody);
        foreach (var id in new[] { "P3", "P4" })
        {
            await world.WaitForListingAsync(id, l => l.GetProperty("tiktokProductId").ValueKind == JsonValueKind.String, "created the next day");
        }

        Assert.That(world.Calls(CreatePath), Is.EqualTo(4));
    }

    [Test]
    public async Task A_failed_review_shows_with_tiktoks_reason()
    {
        await using var world = await ListingWorld.StartAsync(beforeActivation: shopId => Sim.State.SetListingPolicy(shopId, auditMode: "manual"));
        await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);
        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1")}]");
        var listing = await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Pending"), "under review");

        Sim.State.AuditProduct(world.ShopId, listing.GetProperty("tiktokProductId").GetString()!, approve: false,
            [new SimAuditFailure("Main image", ["The main image has a watermark."], ["Use an image without a watermark."])]);

        var rejected = await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Rejected"), "rejected by TikTok's review");
        Assert.That(rejected.GetProperty("reason").GetString(), Does.Contain("Main image: The main image has a watermark."));
        var (_, list) = await world.SendAsync(HttpMethod.Get, $"api/admin/shops/{world.ShopId}/listings?status=Rejected", null);
        var item = JsonDocument.Parse(list).RootElement.GetProperty("listings").EnumerateArray().Single();
        Assert.That(item.GetProperty("auditFailures")[0].GetProperty("suggestions")[0].GetString(), Is.EqualTo("Use an image without a watermark."));
        var (_, cases) = await world.SendAsync(HttpMethod.Get, "api/admin/cases", null);
        Assert.That(cases, Does.Not.Contain("MUG-1"), "a rejection opens nothing by itself");
    }

    [Test]
    public async Task Listing_waits_while_the_shop_misses_a_prerequisite_and_the_shop_detail_shows_it()
    {
        await using var world = await ListingWorld.StartAsync(beforeActivation: shopId => Sim.State.SetPrerequisite(shopId, "SHIPPING_TEMPLATE", "Create a shipping template first."));
        await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);

        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1")}]");

        var waiting = await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Waiting"), "waiting for the shop");
        Assert.That(waiting.GetProperty("reason").GetString(), Does.Contain("SHIPPING_TEMPLATE (Create a shipping template first.)"));
        var (_, detail) = await world.SendAsync(HttpMethod.Get, $"api/admin/shops/{world.ShopId}", null);
        var prerequisites = JsonDocument.Parse(detail).RootElement.GetProperty("listings").GetProperty("prerequisites");
        Assert.That(prerequisites.GetProperty("ready").GetBoolean(), Is.False);
        Assert.That(prerequisites.GetProperty("blocking").EnumerateArray().Select(b => b.GetString()), Is.EqualTo(new[] { "SHIPPING_TEMPLATE" }));
        Assert.That(world.Calls(CreatePath), Is.Zero);

        Sim.State.SetPrerequisite(world.ShopId, "SHIPPING_TEMPLATE", null);
        var (checkedNow, checkBody) = await world.SendAsync(HttpMethod.Post, $"api/admin/shops/{world.ShopId}/listings/prerequisites", null);
        Assert.That(checkedNow, Is.EqualTo(HttpStatusCode.OK), checkBody);
        Assert.That(JsonDocument.Parse(checkBody).RootElement.GetProperty("prerequisites").GetProperty("ready").GetBoolean(), Is.True);
        await world.SendAsync(HttpMethod.Post, $"api/admin/shops/{world.ShopId}/listings/push", null);
        await world.WaitForListingAsync("MUG-1", l => l.GetProperty("tiktokProductId").ValueKind == JsonValueKind.String, "created once the shop is ready");
    }

    [Test]
    public async Task Bad_catalog_input_is_refused_naming_each_bad_item_and_nothing_is_stored()
    {
        await using var world = await ListingWorld.StartAsync();
        var images = string.Join(",", Enumerable.Range(0, 10).Select(i => $"\"{ListingWorld.Image(variant: i.ToString(System.Globalization.CultureInfo.InvariantCulture))}\""));

        var (status, body) = await world.PutProductsAsync($$"""
            [{{ListingWorld.Mug("GOOD")}},
             {{ListingWorld.Mug("HTML", change: m => m["description"] = "<div><p>Nested</p></div>")}},
             {{ListingWorld.Mug("IMAGES", change: m => m["images"] = JsonNode.Parse($"[{images}]"))}}]
            """);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "products[1].description", "products[2].images" }));
        Assert.That(problem.GetProperty("errors").GetProperty("products[1].description")[0].GetString(), Does.Contain("<div>"));
        Assert.That(problem.GetProperty("errors").GetProperty("products[2].images")[0].GetString(), Does.Contain("at most 9"));
        var (notStored, _) = await world.SendAsync(HttpMethod.Get, $"api/merchants/{ListingWorld.MerchantId}/products/GOOD", null);
        Assert.That(notStored, Is.EqualTo(HttpStatusCode.NotFound), "not even the good product");
    }

    [Test]
    public async Task A_profile_with_an_unknown_category_or_a_rule_that_does_not_parse_is_refused_and_not_stored()
    {
        await using var world = await ListingWorld.StartAsync();

        var (unknown, unknownBody) = await world.PutProfileAsync("mugs", ListingWorld.MugsProfile.Replace("600003", "999999", StringComparison.Ordinal));
        var (rule, ruleBody) = await world.PutProfileAsync("mugs", ListingWorld.MugsProfile.Replace("+10%", "add ten", StringComparison.Ordinal));
        var (attribute, attributeBody) = await world.PutProfileAsync("mugs", ListingWorld.MugsProfile.Replace("\"100393\"", "\"123\"", StringComparison.Ordinal));

        Assert.That((unknown, rule, attribute), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
        Assert.That(JsonDocument.Parse(unknownBody).RootElement.GetProperty("errors").GetProperty("tiktokCategoryId")[0].GetString(), Does.Contain("no category 999999"));
        Assert.That(JsonDocument.Parse(ruleBody).RootElement.GetProperty("errors").GetProperty("priceRule.adjust")[0].GetString(), Does.Contain("'add ten' is not a price rule"));
        Assert.That(JsonDocument.Parse(attributeBody).RootElement.GetProperty("errors").EnumerateObject().Single().Name, Is.EqualTo("attributes[1].attributeId"));
        var (_, profiles) = await world.SendAsync(HttpMethod.Get, $"api/merchants/{ListingWorld.MerchantId}/listing-profiles", null);
        Assert.That(JsonDocument.Parse(profiles).RootElement.GetProperty("profiles").GetArrayLength(), Is.Zero);
        Assert.That(await world.Services.GetRequiredService<ProfileStore>().ListAsync(ListingWorld.MerchantId, CancellationToken.None), Is.Empty);
    }
    [Test]
    public async Task Other_product_webhooks_are_noted_on_the_listing_and_the_nightly_read_catches_what_no_webhook_said()
    {
        await using var world = await ListingWorld.StartAsync();
        await world.PutProfileAsync("mugs", ListingWorld.MugsProfile);
        await world.PutProductsAsync($"[{ListingWorld.Mug("MUG-1")}]");
        var listing = await world.WaitForListingAsync("MUG-1", l => ListingWorld.HasStatus(l, "Live"), "live");
        var tiktokId = listing.GetProperty("tiktokProductId").GetString()!;
        var url = new Uri(world.Inner.Host.Http.BaseAddress!, "api/webhooks/tiktok");

        Assert.That(await Sim.SendWebhookAsync(url, world.AppKey, 15, world.ShopId, JsonSerializer.SerializeToElement(new
        {
            product_id = tiktokId, change_source = "SELLER_CENTER", changed_fields = new[] { "title", "main_images" }, update_time = 1,
        }), CancellationToken.None), Is.EqualTo(200));
        Assert.That(await Sim.SendWebhookAsync(url, world.AppKey, 18, world.ShopId, JsonSerializer.SerializeToElement(new
        {
            product_id = tiktokId, previous_category_id = SimListingCatalog.Mugs, current_category_id = SimListingCatalog.Teapots, update_time = 2,
        }), CancellationToken.None), Is.EqualTo(200));

        var noted = await world.WaitForListingAsync("MUG-1", l => l.GetProperty("categoryId").GetString() == SimListingCatalog.Teapots
            && l.GetProperty("warnings").EnumerateArray().Any(w => w.GetString()!.Contains("changed in Seller Center", StringComparison.Ordinal)), "webhooks 15 and 18 noted");
        Assert.That(noted.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("what").GetString()), Has.Some.Contains("webhook 18"));

        // TikTok freezes the product and no webhook arrives: the nightly read finds it.
        Sim.State.Locked(() => Sim.State.Shop(world.ShopId).Products[tiktokId].Status = "FREEZE");
        var result = await world.Services.GetRequiredService<ListingPushHandler>().HandleAsync(new ListingWorkMessage(world.ShopId, "test", ListingWork.Nightly), CancellationToken.None);
        Assert.That(result.Counts["statusesChanged"], Is.EqualTo(1));
        var frozen = await world.ListingAsync("MUG-1");
        Assert.That(ListingWorld.HasStatus(frozen!.Value, "Frozen"), frozen.ToString());
    }
}
