using System.Diagnostics;
using Connector.Listings;
using Connector.Shops;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.Bench.Figures;

/// <summary>
/// The listings push (<see cref="ListingPushHandler"/>) of a 10,000-product catalog (2 variants each, one image each) to a
/// shop with no daily limit in the way: the first push creates every product (each image downloaded, checked and
/// uploaded once, then the create), then 1% of the products get a new price and the next push sends only those price
/// updates. TikTok calls are counted by the simulator; the catalog in (PUT) is timed separately.
/// </summary>
public static class ListingBench
{
    private const string CreatePath = "/product/202309/products";
    private const string PricePath = "/product/202309/products/{product_id}/prices/update";

    public static async Task<Figure> RunAsync(BenchEnvironment env, int products, double changedShare, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        await using var services = BenchEnvironment.BuildServices(env.Settings(prefix, app, new Dictionary<string, string?> { ["Listings:ProductsInParallel"] = "8" }));
        var seller = env.Simulator.State.CreateSeller();
        var simShop = seller.Shops[0];
        env.Simulator.State.SetListingPolicy(simShop.Id, dailyLimit: products * 2, auditMode: "manual");
        await env.RegisterShopAsync(services, app, seller, simShop, DateTimeOffset.UtcNow.AddDays(-1), cancellationToken);
        var repository = services.GetRequiredService<ShopRepository>();
        var shop = (await repository.GetAsync(simShop.Id, cancellationToken))!;
        shop.Settings.Listings = new ListingSettings { Enabled = true, DailyCreateLimit = products * 2 };
        await repository.UpdateAsync(shop, shop.Status, cancellationToken);
        await services.GetRequiredService<ProfileStore>().SaveAsync(BenchEnvironment.Merchant, new ListingProfile
        {
            Name = "teapots", IsDefault = true, TikTokCategoryId = SimListingCatalog.Teapots,
            Attributes = [new AttributeMapping { AttributeId = SimListingCatalog.MaterialAttribute, Source = "attributes.material" }],
            PriceRule = new PriceRuleSpec { Adjust = "+10%", Rounding = "ending:0.99" },
        }, cancellationToken);

        var catalog = Enumerable.Range(0, products).Select(i => Product(env, i, 20m)).ToArray();
        var store = services.GetRequiredService<CatalogStore>();
        var scheduling = services.GetRequiredService<ListingScheduling>();
        var watch = Stopwatch.StartNew();
        foreach (var batch in catalog.Chunk(CatalogInput.MaxProductsPerRequest))
        {
            await scheduling.CatalogChangedAsync(BenchEnvironment.Merchant, await store.UpsertAsync(BenchEnvironment.Merchant, batch, cancellationToken), cancellationToken);
        }

        var catalogMs = watch.Elapsed.TotalMilliseconds;
        var push = services.GetRequiredService<ListingPushHandler>();
        var before = env.Simulator.Calls.Count(app.AppKey);
        watch.Restart();
        var first = await push.HandleAsync(new ListingWorkMessage(shop.ShopId, "bench"), cancellationToken);
        var fullMs = watch.Elapsed.TotalMilliseconds;
        var fullCalls = env.Simulator.Calls.Count(app.AppKey) - before;
        var created = env.Simulator.Calls.Count(app.AppKey, CreatePath);
        Console.WriteLine($"  listings: catalog in {catalogMs:0} ms; first push created {first.Counts.GetValueOrDefault("created")} products, {fullCalls} TikTok calls, {fullMs:0} ms");
        if (first.Counts.GetValueOrDefault("created") != products || created != products)
        {
            throw new InvalidOperationException($"the first push created {first.Counts.GetValueOrDefault("created")} products ({created} create calls); expected {products}: {string.Join(", ", first.Counts)}");
        }

        // 1% of the products get a new price; the rest are sent again unchanged, as a back office's full export would.
        var random = new Random(22);
        var changed = Enumerable.Range(0, products).OrderBy(_ => random.Next()).Take((int)(products * changedShare)).ToHashSet();
        var next = catalog.Select((p, i) => changed.Contains(i) ? Product(env, i, 25m) : p).ToArray();
        watch.Restart();
        var changedInCatalog = 0;
        foreach (var batch in next.Chunk(CatalogInput.MaxProductsPerRequest))
        {
            var stored = await store.UpsertAsync(BenchEnvironment.Merchant, batch, cancellationToken);
            changedInCatalog += stored.Count;
            await scheduling.CatalogChangedAsync(BenchEnvironment.Merchant, stored, cancellationToken);
        }

        var catalogChangeMs = watch.Elapsed.TotalMilliseconds;
        before = env.Simulator.Calls.Count(app.AppKey);
        var pricesBefore = env.Simulator.Calls.Count(app.AppKey, PricePath);
        env.Simulator.State.Locked(() =>
        {
            // TikTok's review passed meanwhile: prices change on live products only.
            env.Simulator.State.Shop(simShop.Id).Products.Values.ToList().ForEach(p => p.Status = "ACTIVATE");
            return 0;
        });
        watch.Restart();
        var incremental = await push.HandleAsync(new ListingWorkMessage(shop.ShopId, "bench"), cancellationToken);
        var incrementalMs = watch.Elapsed.TotalMilliseconds;
        var incrementalCalls = env.Simulator.Calls.Count(app.AppKey) - before;
        var priceCalls = env.Simulator.Calls.Count(app.AppKey, PricePath) - pricesBefore;
        Console.WriteLine($"  listings: {changed.Count} prices changed ({changedInCatalog} products changed in the catalog, {catalogChangeMs:0} ms); push: {incrementalCalls} TikTok calls, {incrementalMs:0} ms");
        if (changedInCatalog != changed.Count || priceCalls != changed.Count || incrementalCalls != changed.Count)
        {
            throw new InvalidOperationException($"{changed.Count} prices changed, but the catalog saw {changedInCatalog} changes and the push made {incrementalCalls} calls ({priceCalls} price updates): "
                + string.Join(", ", incremental.Counts));
        }

        return new Figure
        {
            Id = "listings-10000",
            Title = $"Listings push: TikTok calls and time for a {products:N0}-product catalog (2 variants and 1 image each), then {changedShare * 100:0}% of the prices changed",
            Connector = $"{incrementalCalls:N0} calls ({Figure.Ms(incrementalMs)}) for the change",
            Comparison = $"{fullCalls:N0} calls ({Figure.Ms(fullMs)}) for the first push of the catalog",
            Ratio = Figure.Times((double)fullCalls / incrementalCalls, "fewer calls"),
            Notes = $"first push: one image upload and one create per product, images uploaded once; the change: the whole catalog sent again ({Figure.Ms(catalogChangeMs)} to store, "
                + $"only {changed.Count} products changed) and one price update per changed product; catalog in: {Figure.Ms(catalogMs)}; the client's own rate caps lifted",
            Data = new()
            {
                ["products"] = products,
                ["productsChanged"] = changed.Count,
                ["catalogInMs"] = Math.Round(catalogMs, 1),
                ["fullPushCalls"] = fullCalls,
                ["fullPushMs"] = Math.Round(fullMs, 1),
                ["catalogChangeMs"] = Math.Round(catalogChangeMs, 1),
                ["incrementalCalls"] = incrementalCalls,
                ["incrementalMs"] = Math.Round(incrementalMs, 1),
            },
        };
    }

    private static CatalogProduct Product(BenchEnvironment env, int i, decimal price)
    {
        var id = "POT-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        return new CatalogProduct
        {
            Id = id,
            Title = "Cast iron teapot " + id,
            Description = "<p>A teapot that keeps tea hot.</p><ul><li>1.2 litres</li><li>Enamelled inside</li></ul>",
            Images = [new Uri(env.Simulator.BaseUri, $"_sim/sample-images/320x320.png?v={id}").ToString()],
            Category = "Kitchen/Teapots",
            Weight = new CatalogWeight(1.4m, "KILOGRAM"),
            Dimensions = new CatalogDimensions(20, 18, 15, "CENTIMETER"),
            Attributes = new Dictionary<string, string> { ["material"] = "Cast iron" },
            Variants =
            [
                new CatalogVariant { Sku = id + "-BLK", Price = price, Options = [new CatalogOption("Colour", "Black")] },
                new CatalogVariant { Sku = id + "-RED", Price = price, Options = [new CatalogOption("Colour", "Red")] },
            ],
        };
    }
}
