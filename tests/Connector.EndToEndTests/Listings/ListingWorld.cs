using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.EndToEndTests.Onboarding;
using Connector.Listings;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.Listings;

/// <summary>The clock of the daily create limit, moved by a test to the next day (TikTok's signatures keep the real clock).</summary>
public sealed class MovableListingClock() : ListingClock(TimeProvider.System)
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset UtcNow => base.UtcNow + Offset;
}

/// <summary>
/// One test's world for listings: the connector's function classes in the local host, a merchant with one shop onboarded,
/// activated and listing through the admin API, the simulator sending the app's product webhooks to the host, and helpers
/// for the back-office calls (catalog, profiles, listings).
/// </summary>
public sealed class ListingWorld : IAsyncDisposable
{
    public const string MerchantId = "merchant-listings";

    public const string MugsProfile = """
        {"isDefault": true, "tiktokCategoryId": "600003",
         "attributes": [{"attributeId": "100392", "source": "attributes.material"}, {"attributeId": "100393", "value": "350"}],
         "salesAttributes": [{"option": "Colour", "attributeId": "100000"}],
         "priceRule": {"adjust": "+10%", "rounding": "ending:0.99"}}
        """;

    private ListingWorld(OnboardingWorld inner, MovableListingClock clock)
    {
        Inner = inner;
        Clock = clock;
    }

    public static TikTokSimulatorServer Sim => OnboardingWorld.Sim;
    public OnboardingWorld Inner { get; }
    public MovableListingClock Clock { get; }
    public SimShop SimShop => Inner.Seller.Shops[0];
    public string ShopId => SimShop.Id;
    public string AppKey => Inner.App.AppKey;
    public IServiceProvider Services => Inner.Host.Services;

    /// <summary>The TikTok calls of this test's app on a route pattern.</summary>
    public int Calls(string path) => Sim.Calls.Count(AppKey, path);

    /// <param name="listings">The shop's <c>listings</c> settings section (JSON object without braces' outer object, e.g. <c>"autoDelete": true</c>).</param>
    public static async Task<ListingWorld> StartAsync(string listings = "", Action<string>? beforeActivation = null)
    {
        var clock = new MovableListingClock();
        // Batches of 3, so a run of a few products already plans and pushes in more than one batch.
        var inner = await OnboardingWorld.StartAsync(configure: services => services.AddSingleton<ListingClock>(clock).Configure<ListingOptions>(o => o.PlanBatch = 3));
        var world = new ListingWorld(inner, clock);
        try
        {
            var (_, status, html) = await inner.OnboardAsync(MerchantId);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
            Sim.State.SetWebhookUrl(inner.App.AppKey, new Uri(inner.Host.Http.BaseAddress!, "api/webhooks/tiktok"));
            beforeActivation?.Invoke(world.ShopId);
            var (activated, body) = await world.SendAsync(HttpMethod.Post, $"api/admin/shops/{world.ShopId}/activate", null);
            Assert.That(activated, Is.EqualTo(HttpStatusCode.OK), body);
            var settings = "{\"listings\": {\"enabled\": true" + (listings.Length > 0 ? ", " + listings : "") + "}}";
            var (patched, patchBody) = await world.SendAsync(HttpMethod.Patch, $"api/admin/shops/{world.ShopId}/settings", settings);
            Assert.That(patched, Is.EqualTo(HttpStatusCode.OK), patchBody);
            return world;
        }
        catch
        {
            await inner.DisposeAsync();
            throw;
        }
    }

    /// <summary>A sample image of the simulator's image host (stands in for the merchant's CDN).</summary>
    public static string Image(int width = 800, int height = 800, string variant = "1") => new Uri(Sim.BaseUri, $"_sim/sample-images/{width}x{height}.png?v={variant}").ToString();

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        using var response = await Inner.Host.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpStatusCode Status, string Body)> PutProfileAsync(string name, string json) =>
        SendAsync(HttpMethod.Put, $"api/merchants/{MerchantId}/listing-profiles/{name}", json);

    public Task<(HttpStatusCode Status, string Body)> PutProductsAsync(string productsJson) =>
        SendAsync(HttpMethod.Put, $"api/merchants/{MerchantId}/products", "{\"products\": " + productsJson + "}");

    /// <summary>The shop's listing of a catalog product (null while there is none).</summary>
    public async Task<JsonElement?> ListingAsync(string productId)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"api/merchants/{MerchantId}/products/{productId}", null);
        if (status != HttpStatusCode.OK)
        {
            return null;
        }

        var listing = JsonDocument.Parse(body).RootElement.GetProperty("listings").EnumerateArray().Single(l => l.GetProperty("shopId").GetString() == ShopId).GetProperty("listing");
        return listing.ValueKind == JsonValueKind.Null ? null : listing.Clone();
    }

    public async Task<JsonElement> WaitForListingAsync(string productId, Func<JsonElement, bool> condition, string what, int seconds = 60)
    {
        JsonElement? last = null;
        await Eventually.HoldsAsync(async () => (last = await ListingAsync(productId)) is { } l && condition(l), $"{productId}: {what} (last: {last})", TimeSpan.FromSeconds(seconds));
        return last!.Value;
    }

    public static bool HasStatus(JsonElement listing, string status) => listing.GetProperty("status").GetString() == status;

    /// <summary>The product as TikTok (the simulator) shows it.</summary>
    public JsonElement TikTokProduct(JsonElement listing) => Sim.State.ProductDetail(ShopId, listing.GetProperty("tiktokProductId").GetString()!);

    /// <summary>A mug with two colours, as the back office sends it; <paramref name="change"/> edits the JSON before it goes.</summary>
    public static string Mug(string id, decimal price = 10.00m, string material = "Ceramic", string image = "", Action<JsonObject>? change = null)
    {
        var mug = JsonNode.Parse($$$"""
            {"id": "{{{id}}}", "title": "Stoneware mug {{{id}}}", "description": "<p>A big mug.</p>",
             "images": ["{{{(image.Length > 0 ? image : Image(variant: id))}}}"], "category": "Kitchen/Mugs", "brand": "Acme Home",
             "weight": {"value": 350, "unit": "GRAM"}, "dimensions": {"length": 10, "width": 9, "height": 10, "unit": "CENTIMETER"},
             "attributes": {"material": "{{{material}}}"},
             "variants": [{"sku": "{{{id}}}-RED", "price": {{{price.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "options": {"Colour": "Red"} },
                          {"sku": "{{{id}}}-WHITE", "price": {{{price.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "options": {"Colour": "White"} }] }
            """)!.AsObject();
        change?.Invoke(mug);
        return mug.ToJsonString();
    }

    public async ValueTask DisposeAsync() => await Inner.DisposeAsync();
}
