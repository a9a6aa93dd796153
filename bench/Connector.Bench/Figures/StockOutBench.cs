using System.Diagnostics;
using Connector.Inventory;
using Connector.Shops;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.Bench.Figures;

/// <summary>
/// A stock-out reaching TikTok: the local host runs the real function classes (the inventory-push queue worker with
/// host.json's polling); a shop's stock has been pushed once; then one SKU's level drops to 0 through
/// <see cref="StockInHandler"/>, which queues the shop's push with the configured stock-out delay; the clock stops when
/// the simulator shows 0 for that SKU. Calls to TikTok's inventory update are counted by the simulator.
/// </summary>
public static class StockOutBench
{
    private const string UpdatePath = "/product/202309/products/{product_id}/inventory/update";

    public static async Task<Figure> RunAsync(BenchEnvironment env, int products, int skusPerProduct, TimeSpan stockOutDelay, int stockOuts, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        var port = Azurite.FreePort();
        var host = await env.StartHostAsync(prefix, app, port, "bench-function-key",
            new Dictionary<string, string?> { ["Inventory:StockOutDelay"] = stockOutDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
        try
        {
            var services = host.Services;
            var seller = env.Simulator.State.CreateSeller();
            var simShop = seller.Shops[0];
            var warehouse = simShop.Warehouses.First(w => w.IsDefault).Id;
            var sellerSkus = Enumerable.Range(0, products * skusPerProduct).Select(i => "OUT-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            env.Simulator.State.SetProducts(simShop.Id, sellerSkus.Chunk(skusPerProduct).Select((skus, i) =>
                new SimProductInput(null, "Product " + i, skus.Select(s => new SimSkuInput(null, s, 9.99m, [new SimStockInput(warehouse, 0)])).ToArray())));
            await ActiveShops.RegisterAsync(env.Simulator.State, app, seller, simShop, BenchEnvironment.Merchant, DateTimeOffset.UtcNow.AddDays(-1),
                services.GetRequiredService<ShopRepository>(), services.GetRequiredService<Tokens.TokenStore>(), services.GetRequiredService<Catalog.SkuCatalog>(), cancellationToken);
            var repository = services.GetRequiredService<ShopRepository>();
            var shop = (await repository.GetAsync(simShop.Id, cancellationToken))!;
            shop.Settings.Inventory = new InventorySettings { Enabled = true };
            await repository.UpdateAsync(shop, shop.Status, cancellationToken);
            shop = (await repository.GetAsync(simShop.Id, cancellationToken))!;
            await services.GetRequiredService<ProductSyncHandler>().SyncAsync(shop, "bench", cancellationToken);

            var stockIn = services.GetRequiredService<StockInHandler>();
            var asOf = DateTimeOffset.UtcNow;
            await stockIn.StoreAsync(BenchEnvironment.Merchant, [shop], sellerSkus.Select(s => new StockLevel(s, "main", 50, asOf)).ToArray(), cancellationToken);
            await services.GetRequiredService<InventoryPushHandler>().HandleAsync(new InventoryPushMessage(shop.ShopId, "bench"), cancellationToken);
            var skuIds = env.Simulator.State.Locked(() => env.Simulator.State.Shop(simShop.Id).Products.Values.SelectMany(p => p.Skus).ToDictionary(s => s.SellerSku, s => s.Id, StringComparer.Ordinal));

            var times = new List<double>();
            var calls = new List<int>();
            var random = new Random(25);
            for (var i = 0; i < stockOuts; i++)
            {
                // The previous stock-out's window (one early push per shop per delay) must have passed.
                await Task.Delay(stockOutDelay + TimeSpan.FromMilliseconds(200), cancellationToken);
                var sku = sellerSkus[random.Next(sellerSkus.Length)];
                var before = env.Simulator.Calls.Count(app.AppKey, UpdatePath);
                var watch = Stopwatch.StartNew();
                var result = await stockIn.StoreAsync(BenchEnvironment.Merchant, [shop], [new StockLevel(sku, "main", 0, asOf.AddSeconds(i + 1))], cancellationToken);
                if (result.StockOutPushes != 1)
                {
                    throw new InvalidOperationException($"the stock-out of {sku} started {result.StockOutPushes} pushes, expected 1");
                }

                while (env.Simulator.State.Stock(simShop.Id, skuIds[sku], warehouse) != 0)
                {
                    if (watch.Elapsed > stockOutDelay + TimeSpan.FromSeconds(30))
                    {
                        throw new TimeoutException($"the stock-out of {sku} did not reach TikTok within {stockOutDelay} + 30 s");
                    }

                    await Task.Delay(10, cancellationToken);
                }

                times.Add(watch.Elapsed.TotalMilliseconds);
                await Task.Delay(300, cancellationToken); // the push finishes its run record after its one call
                calls.Add(env.Simulator.Calls.Count(app.AppKey, UpdatePath) - before);
                Console.WriteLine($"  stock-out {i + 1}: {sku} at 0 on TikTok after {times[^1]:0} ms, {calls[^1]} inventory calls (delay {stockOutDelay.TotalMilliseconds:0} ms)");
            }

            var median = FanOutBench.Median(times);
            var worst = times.Max();
            var overDelay = worst - stockOutDelay.TotalMilliseconds;
            return new Figure
            {
                Id = "inventory-stock-out",
                Title = $"Stock-out to TikTok: one SKU of a {sellerSkus.Length:N0}-SKU shop drops to 0 at stock in; the shop's push is queued with the stock-out delay ({Figure.Ms(stockOutDelay.TotalMilliseconds)} here) and run by the queue worker",
                Connector = $"{Figure.Ms(median)} median, {Figure.Ms(worst)} worst; {calls.Max()} call{(calls.Max() == 1 ? "" : "s")} per stock-out",
                Comparison = $"target: within the delay plus one call ({Figure.Ms(stockOutDelay.TotalMilliseconds)} + one call), 1 call",
                Ratio = $"+{Figure.Ms(overDelay)} over the delay at worst" + (calls.All(c => c == 1) ? ", 1 call: met" : ""),
                Notes = $"{stockOuts} stock-outs one after another; what is above the delay is host.json's queue polling (at most maxPollingInterval), the shop and stock reads and the one call; "
                    + "the delay (Inventory__StockOutDelay, 20 s by default) lets stock-outs of the same minute share one push",
                Data = new()
                {
                    ["stockOutDelayMs"] = stockOutDelay.TotalMilliseconds,
                    ["timesMs"] = times.Select(t => Math.Round(t, 1)).ToArray(),
                    ["calls"] = calls,
                    ["overDelayWorstMs"] = Math.Round(overDelay, 1),
                },
            };
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        }
    }
}
