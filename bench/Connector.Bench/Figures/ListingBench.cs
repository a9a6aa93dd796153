using System.Diagnostics;
using System.Text.Json;
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
/// updates. TikTok calls are counted by the simulator; the catalog in (PUT) is timed separately. The first push runs
/// in a child process (this program with <c>listings</c>), so its peak resident set is the worker's alone.
/// </summary>
public static class ListingBench
{
    private const string CreatePath = "/product/202309/products";
    private const string PricePath = "/product/202309/products/{product_id}/prices/update";

    public static async Task<IEnumerable<Figure>> RunAsync(BenchEnvironment env, int products, double changedShare, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        var settings = env.Settings(prefix, app, new Dictionary<string, string?> { ["Listings:ProductsInParallel"] = "8" });
        await using var services = BenchEnvironment.BuildServices(settings);
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
        var settingsFile = Path.Combine(Path.GetTempPath(), $"connector-bench-{prefix}.json");
        await File.WriteAllTextAsync(settingsFile, JsonSerializer.Serialize(settings), cancellationToken);
        BackfillMemoryBench.ChildReport report;
        try
        {
            report = await BackfillMemoryBench.RunChildAsync("listings", settingsFile, shop.ShopId, TimeSpan.FromMinutes(5), cancellationToken);
        }
        finally
        {
            File.Delete(settingsFile);
        }

        var fullMs = report.Seconds * 1000;
        var fullCalls = env.Simulator.Calls.Count(app.AppKey) - before;
        var created = env.Simulator.Calls.Count(app.AppKey, CreatePath);
        Console.WriteLine($"  listings: catalog in {catalogMs:0} ms; first push created {created} products, {fullCalls} TikTok calls, {fullMs:0} ms, peak {report.PeakKb / 1024.0:0} MiB");
        if (created != products)
        {
            throw new InvalidOperationException($"the first push made {created} create calls; expected {products}");
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
        // The first push ran in the child, so this worker is cold: it reads the category's rules and attributes once
        // (cached for the process), as any new instance does. Those are shown apart from the change's own calls.
        var categoryCalls = env.Simulator.Calls.Matching(app.AppKey).Skip(before).Count(c => c.Path.Contains("/categories/", StringComparison.Ordinal));
        if (changedInCatalog != changed.Count || priceCalls != changed.Count || incrementalCalls - categoryCalls != changed.Count || categoryCalls > 2)
        {
            throw new InvalidOperationException($"{changed.Count} prices changed, but the catalog saw {changedInCatalog} changes and the push made {incrementalCalls} calls ({priceCalls} price updates): "
                + string.Join(", ", incremental.Counts));
        }

        var peakMb = report.PeakKb / 1024.0;
        var idleMb = report.IdlePeakKb / 1024.0;
        var memory = new Figure
        {
            Id = "listings-memory",
            Title = $"Peak memory of a worker pushing a {products:N0}-product catalog to a shop (first push: every image and create; child process)",
            Connector = $"{Figure.N(peakMb)} MiB peak resident set",
            Comparison = $"{Figure.N(idleMb)} MiB for the same worker before the push (runtime and services loaded)",
            Ratio = $"+{Figure.N(peakMb - idleMb)} MiB for {products:N0} products (target: under 200 MiB peak" + (peakMb < 200 ? ", met)" : ", not met)"),
            Notes = $"{products:N0} products created in {report.Seconds:0} s; VmHWM from /proc; workstation GC, as the isolated worker",
            Data = new()
            {
                ["products"] = products,
                ["seconds"] = Math.Round(report.Seconds, 1),
                ["peakResidentKiB"] = report.PeakKb,
                ["idleResidentKiB"] = report.IdlePeakKb,
                ["managedHeapBytesAfter"] = report.ManagedHeapBytes,
                ["totalAllocatedBytes"] = report.TotalAllocatedBytes,
                ["gen2Collections"] = report.Gen2Collections,
            },
        };

        return [new Figure
        {
            Id = "listings-10000",
            Title = $"Listings push: TikTok calls and time for a {products:N0}-product catalog (2 variants and 1 image each), then {changedShare * 100:0}% of the prices changed",
            Connector = $"{priceCalls:N0} calls ({Figure.Ms(incrementalMs)}) for the change" + (categoryCalls > 0 ? $" (+{categoryCalls} category look-ups of a cold worker)" : ""),
            Comparison = $"{fullCalls:N0} calls ({Figure.Ms(fullMs)}) for the first push of the catalog",
            Ratio = Figure.Times((double)fullCalls / priceCalls, "fewer calls"),
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
                ["incrementalCategoryCalls"] = categoryCalls,
                ["incrementalMs"] = Math.Round(incrementalMs, 1),
            },
        }, memory];
    }

    /// <summary>The child: build the worker's services, push the shop's listings once, print the report as the last line.</summary>
    public static async Task<int> ChildAsync(string settingsFile, string shopId)
    {
        var settings = JsonSerializer.Deserialize<Dictionary<string, string?>>(await File.ReadAllTextAsync(settingsFile))!;
        await using var services = BenchEnvironment.BuildServices(settings);
        var push = services.GetRequiredService<ListingPushHandler>();
        GC.Collect();
        var idle = BackfillMemoryBench.ResidentPeakKb();
        var watch = Stopwatch.StartNew();
        var result = await push.HandleAsync(new ListingWorkMessage(shopId, "bench"), CancellationToken.None);
        watch.Stop();
        Console.WriteLine("pushed: " + string.Join(", ", result.Counts.Select(c => $"{c.Key} {c.Value}")));
        var report = new BackfillMemoryBench.ChildReport(
            watch.Elapsed.TotalSeconds, idle, BackfillMemoryBench.ResidentPeakKb(), GC.GetGCMemoryInfo().HeapSizeBytes, GC.GetTotalAllocatedBytes(), GC.CollectionCount(2),
            System.Runtime.GCSettings.IsServerGC);
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
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
