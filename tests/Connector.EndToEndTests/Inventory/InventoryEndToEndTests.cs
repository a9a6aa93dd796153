using System.Net;
using System.Text;
using System.Text.Json;
using Connector.EndToEndTests.Onboarding;
using Connector.Inventory;
using Connector.Shops;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.Inventory;

/// <summary>Stock in over HTTP through the local host running the real function classes, and the stock-out fast path end to end.</summary>
public sealed class InventoryEndToEndTests
{
    private static async Task<(HttpStatusCode Status, string ContentType, string Body)> PutStockAsync(OnboardingWorld world, string merchantId, string json, bool withKey = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/merchants/{merchantId}/inventory") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (withKey)
        {
            request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        }

        using var response = await world.Host.Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Bad_stock_rows_are_listed_in_a_problem_and_nothing_of_the_request_is_stored()
    {
        await using var world = await OnboardingWorld.StartAsync();
        await world.OnboardAsync("merchant-bad-rows");
        var asOf = DateTimeOffset.UtcNow.ToString("O");
        var body = $$"""
            {"levels":[
              {"sku":"MUG","location":"berlin","quantity":5,"asOf":"{{asOf}}"},
              {"sku":"POT","location":"berlin","quantity":-1,"asOf":"{{asOf}}"},
              {"sku":"","location":"berlin","quantity":1,"asOf":"{{asOf}}"},
              {"sku":"TOWEL","location":"leeds","quantity":2.5,"asOf":"not a date"},
              {"sku":"CUP","location":"leeds","quantity":3,"asOf":"{{asOf}}"}
            ]}
            """;

        var (status, contentType, text) = await PutStockAsync(world, "merchant-bad-rows", body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(contentType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "levels[1]", "levels[2]", "levels[3]" }));
        Assert.That(errors.GetProperty("levels[1]")[0].GetString(), Does.Contain("negative"));
        Assert.That(errors.GetProperty("levels[3]").GetArrayLength(), Is.EqualTo(2), "both reasons of the row");
        Assert.That(problem.RootElement.GetProperty("reference").GetString(), Is.Not.Empty);
        var stored = await world.Host.Services.GetRequiredService<StockLevelStore>().ListAsync("merchant-bad-rows", CancellationToken.None);
        Assert.That(stored, Is.Empty, "not even the good rows");
    }

    [Test]
    public async Task Stock_in_without_a_function_key_is_refused()
    {
        await using var world = await OnboardingWorld.StartAsync();

        var (status, _, _) = await PutStockAsync(world, "merchant-1", """{"levels":[]}""", withKey: false);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Stock_in_for_a_merchant_without_shops_is_not_found()
    {
        await using var world = await OnboardingWorld.StartAsync();

        var (status, contentType, text) = await PutStockAsync(world, "merchant-nobody",
            $$"""{"levels":[{"sku":"MUG","location":"x","quantity":1,"asOf":"{{DateTimeOffset.UtcNow:O}}"}]}""");

        Assert.That((status, contentType), Is.EqualTo((HttpStatusCode.NotFound, "application/problem+json")), text);
    }

    [Test]
    public async Task A_stock_out_reaches_tiktok_without_waiting_for_the_hourly_run()
    {
        await using var world = await OnboardingWorld.StartAsync(new Dictionary<string, string?> { ["Inventory:StockOutDelay"] = "00:00:01" });
        await world.OnboardAsync("merchant-stock-out");
        var shops = world.Host.Services.GetRequiredService<ShopRepository>();
        var shop = (await shops.ListByMerchantAsync("merchant-stock-out", CancellationToken.None)).Single();
        var warehouse = OnboardingWorld.Sim.State.Shop(shop.ShopId).Warehouses.First(w => w.IsDefault).Id;
        var product = OnboardingWorld.Sim.State.SetProducts(shop.ShopId,
            [new SimProductInput(null, "Mug", [new SimSkuInput(null, "MUG", 9.99m, [new SimStockInput(warehouse, 100)]), new SimSkuInput(null, "CUP", 4.99m, [new SimStockInput(warehouse, 100)])])])[0];
        var previous = shop.Status;
        shop.Status = ShopStatus.Active;
        shop.Settings.Inventory = new InventorySettings { Enabled = true, Threshold = 3 };
        await shops.UpdateAsync(shop, previous, CancellationToken.None);
        await world.Host.Services.GetRequiredService<ProductSyncHandler>().SyncAsync(shop, "test", CancellationToken.None);

        var (status, _, text) = await PutStockAsync(world, "merchant-stock-out",
            $$"""{"levels":[{"sku":"MUG","location":"berlin","quantity":2,"asOf":"{{DateTimeOffset.UtcNow:O}}"},{"sku":"CUP","location":"berlin","quantity":40,"asOf":"{{DateTimeOffset.UtcNow:O}}"}]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
        using var answer = JsonDocument.Parse(text);
        Assert.That(answer.RootElement.GetProperty("stored").GetInt32(), Is.EqualTo(2));
        Assert.That(answer.RootElement.GetProperty("stockOutPushes").GetInt32(), Is.EqualTo(1));
        await Eventually.HoldsAsync(() => OnboardingWorld.Sim.State.Stock(shop.ShopId, product.Skus[0].Id, warehouse) == 0, "MUG at 0 on TikTok", TimeSpan.FromSeconds(60));
        Assert.That(OnboardingWorld.Sim.State.Stock(shop.ShopId, product.Skus[1].Id, warehouse), Is.EqualTo(40), "the push sent the shop's other changes too");
    }
}
