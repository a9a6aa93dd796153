using System.Diagnostics;
using Connector.Inventory;
using Connector.Shops;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.Bench.Figures;

/// <summary>
/// The inventory push (<see cref="InventoryPushHandler"/>) of a shop with 50,000 SKUs (5,000 products of 10 SKUs):
/// the first push sends every product (the same calls as a full push), then 1% of the SKUs get new stock levels and the
/// next push sends only what changed. TikTok calls are counted by the simulator.
/// </summary>
public static class InventoryBench
{
    private const string UpdatePath = "/product/202309/products/{product_id}/inventory/update";

    public static async Task<Figure> RunAsync(BenchEnvironment env, int products, int skusPerProduct, double changedShare, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        await using var services = BenchEnvironment.BuildServices(env.Settings(prefix, app));
        var seller = env.Simulator.State.CreateSeller();
        var simShop = seller.Shops[0];
        var warehouse = simShop.Warehouses.First(w => w.IsDefault).Id;
        var sellerSkus = Enumerable.Range(0, products * skusPerProduct).Select(i => "SKU-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        env.Simulator.State.SetProducts(simShop.Id, sellerSkus.Chunk(skusPerProduct).Select((skus, i) =>
            new SimProductInput(null, "Product " + i, skus.Select(s => new SimSkuInput(null, s, 9.99m, [new SimStockInput(warehouse, 0)])).ToArray())));
        await env.RegisterShopAsync(services, app, seller, simShop, DateTimeOffset.UtcNow.AddDays(-1), cancellationToken);
        var repository = services.GetRequiredService<ShopRepository>();
        var shop = (await repository.GetAsync(simShop.Id, cancellationToken))!;
        shop.Settings.Inventory = new InventorySettings { Enabled = true };
        await repository.UpdateAsync(shop, shop.Status, cancellationToken);

        var sync = await services.GetRequiredService<ProductSyncHandler>().SyncAsync(shop, "bench", cancellationToken);
        if (sync.SkusMapped != sellerSkus.Length)
        {
            throw new InvalidOperationException($"product sync mapped {sync.SkusMapped} SKUs, expected {sellerSkus.Length}");
        }

        var stockIn = services.GetRequiredService<StockInHandler>();
        var asOf = DateTimeOffset.UtcNow;
        var random = new Random(50);
        var quantities = sellerSkus.ToDictionary(s => s, _ => (long)random.Next(5, 500), StringComparer.Ordinal);
        await stockIn.StoreAsync(BenchEnvironment.Merchant, [shop], quantities.Select(q => new StockLevel(q.Key, "main", q.Value, asOf)).ToArray(), cancellationToken);

        var push = services.GetRequiredService<InventoryPushHandler>();
        var callsBefore = env.Simulator.Calls.Count(app.AppKey, UpdatePath);
        var watch = Stopwatch.StartNew();
        var first = await push.HandleAsync(new InventoryPushMessage(shop.ShopId, "bench"), cancellationToken);
        var fullMs = watch.Elapsed.TotalMilliseconds;
        var fullCalls = env.Simulator.Calls.Count(app.AppKey, UpdatePath) - callsBefore;
        Console.WriteLine($"  inventory: first push {first.ProductsPushed} products, {fullCalls} calls, {fullMs:0} ms");

        // 1% of the SKUs get more stock (raised, so no stock-out fast path is started).
        var changed = sellerSkus.OrderBy(_ => random.Next()).Take((int)(sellerSkus.Length * changedShare)).ToArray();
        await stockIn.StoreAsync(BenchEnvironment.Merchant, [shop], changed.Select(s => new StockLevel(s, "main", quantities[s] + 7, asOf.AddSeconds(1))).ToArray(), cancellationToken);
        callsBefore = env.Simulator.Calls.Count(app.AppKey, UpdatePath);
        watch.Restart();
        var incremental = await push.HandleAsync(new InventoryPushMessage(shop.ShopId, "bench"), cancellationToken);
        var incrementalMs = watch.Elapsed.TotalMilliseconds;
        var incrementalCalls = env.Simulator.Calls.Count(app.AppKey, UpdatePath) - callsBefore;
        var changedProducts = changed.Select(s => Array.IndexOf(sellerSkus, s) / skusPerProduct).Distinct().Count();
        Console.WriteLine($"  inventory: 1% changed: {incremental.SkusChanged} SKUs in {incremental.ProductsPushed} products, {incrementalCalls} calls, {incrementalMs:0} ms");
        if (incremental.SkusChanged != changed.Length || incrementalCalls != changedProducts)
        {
            throw new InvalidOperationException($"the push sent {incremental.SkusChanged} SKUs in {incrementalCalls} calls; {changed.Length} SKUs of {changedProducts} products changed");
        }

        var sample = changed.Take(20).ToArray();
        var skuIds = env.Simulator.State.Locked(() => env.Simulator.State.Shop(simShop.Id).Products.Values.SelectMany(p => p.Skus).ToDictionary(s => s.SellerSku, s => s.Id, StringComparer.Ordinal));
        if (sample.Any(s => env.Simulator.State.Stock(simShop.Id, skuIds[s], warehouse) != quantities[s] + 7))
        {
            throw new InvalidOperationException("TikTok does not show the changed stock");
        }

        return new Figure
        {
            Id = "inventory-50000",
            Title = $"Inventory push: TikTok calls for a {sellerSkus.Length:N0}-SKU shop ({products:N0} products) with {changedShare * 100:0}% of the SKUs changed",
            Connector = $"{incrementalCalls:N0} calls ({Figure.Ms(incrementalMs)})",
            Comparison = $"{fullCalls:N0} calls for a full push ({Figure.Ms(fullMs)})",
            Ratio = Figure.Times((double)fullCalls / incrementalCalls, "fewer calls"),
            Notes = $"{changed.Length} SKUs changed, spread over {changedProducts} products: {incrementalCalls} calls = {changedProducts} products with a changed SKU, the API's floor (TikTok's inventory update is per product; the figure fails otherwise); the full push is the shop's first",
            Data = new()
            {
                ["skus"] = sellerSkus.Length,
                ["products"] = products,
                ["skusChanged"] = changed.Length,
                ["productsChanged"] = changedProducts,
                ["incrementalCalls"] = incrementalCalls,
                ["incrementalMs"] = Math.Round(incrementalMs, 1),
                ["fullPushCalls"] = fullCalls,
                ["fullPushMs"] = Math.Round(fullMs, 1),
                ["floorCalls"] = changedProducts,
            },
        };
    }
}
