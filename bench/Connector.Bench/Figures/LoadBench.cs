using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Connector.Orders;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Bench.Figures;

/// <summary>
/// 200 concurrent back-office and admin callers against the local host (the real function classes over real HTTP,
/// host.json's settings): a seeded merchant with shops and orders, then a realistic mix for a fixed time (order feed,
/// stock levels in, shop detail, support cases, runs, shipments feed, releases and shipments out). Every answer must be
/// a 2xx; reported: requests, errors, p50/p95/p99 and requests per second, beside the same mix one request at a time.
/// </summary>
public static class LoadBench
{
    private const string Key = "bench-function-key";

    public static async Task<Figure> RunAsync(BenchEnvironment env, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        var port = Azurite.FreePort();
        var host = await env.StartHostAsync(prefix, app, port, Key, null, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency + 10, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Add("x-functions-key", Key);
        try
        {
            var world = await SeedAsync(env, host.Services, app, http, shops: 3, ordersPerShop: 300, cancellationToken);
            Console.WriteLine($"  seeded {world.ShopIds.Count} shops, {world.Orders} stored orders, {world.Skus.Count} SKUs, {world.ToShip.Count} released orders to ship");

            // Warm-up (JIT, connections, table clients), not measured.
            await RunMixAsync(http, world, 20, TimeSpan.FromSeconds(3), new Random(1), cancellationToken);
            var loaded = await RunMixAsync(http, world, concurrency, duration, new Random(2), cancellationToken);
            Console.WriteLine($"  {concurrency} concurrent: {loaded.Describe()}");
            var single = await RunMixAsync(http, world, 1, TimeSpan.FromSeconds(Math.Max(5, duration.TotalSeconds / 4)), new Random(3), cancellationToken);
            Console.WriteLine($"  1 at a time: {single.Describe()}");
            foreach (var (what, count) in loaded.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"    {what}: {count.Requests} requests, p99 {count.P99:0} ms");
            }

            if (loaded.Errors > 0 || single.Errors > 0)
            {
                throw new InvalidOperationException($"{loaded.Errors + single.Errors} requests failed: {string.Join("; ", loaded.ErrorSamples.Concat(single.ErrorSamples).Take(5))}");
            }

            return new Figure
            {
                Id = "load-200",
                Title = $"{concurrency} concurrent back-office and admin callers for {duration.TotalSeconds:0} s against the local host (order feed, stock in, shop detail, cases, runs, shipments feed, release, shipments out)",
                Connector = $"{Figure.N(loaded.Requests)} requests, 0 errors, p50 {Figure.Ms(loaded.P50)}, p95 {Figure.Ms(loaded.P95)}, p99 {Figure.Ms(loaded.P99)}, {Figure.N(loaded.PerSecond)} req/s",
                Comparison = $"1 at a time: p50 {Figure.Ms(single.P50)}, p99 {Figure.Ms(single.P99)}, {Figure.N(single.PerSecond)} req/s",
                Ratio = Figure.Times(loaded.PerSecond / single.PerSecond, "the throughput"),
                Notes = "one process holds the host, Azurite is shared with the load driver on the same 2 cores; latency includes queueing behind the other callers",
                Data = new()
                {
                    ["concurrency"] = concurrency,
                    ["seconds"] = duration.TotalSeconds,
                    ["requests"] = loaded.Requests,
                    ["errors"] = loaded.Errors,
                    ["p50Ms"] = Math.Round(loaded.P50, 1),
                    ["p95Ms"] = Math.Round(loaded.P95, 1),
                    ["p99Ms"] = Math.Round(loaded.P99, 1),
                    ["requestsPerSecond"] = Math.Round(loaded.PerSecond, 1),
                    ["byKind"] = loaded.ByKind.ToDictionary(k => k.Key, k => new { k.Value.Requests, p99Ms = Math.Round(k.Value.P99, 1) }),
                    ["singleRequests"] = single.Requests,
                    ["singleP50Ms"] = Math.Round(single.P50, 1),
                    ["singleP99Ms"] = Math.Round(single.P99, 1),
                    ["singleRequestsPerSecond"] = Math.Round(single.PerSecond, 1),
                },
            };
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        }
    }

    private sealed record World(IReadOnlyList<string> ShopIds, int Orders, IReadOnlyList<string> Skus, ConcurrentQueue<(string ShopId, string OrderId)> ToShip, List<(string ShopId, string OrderId)> Shipped);

    private static async Task<World> SeedAsync(BenchEnvironment env, IServiceProvider services, TikTokSimulator.SimApp app, HttpClient http, int shops, int ordersPerShop, CancellationToken cancellationToken)
    {
        var shopIds = new List<string>();
        var random = new Random(26);
        for (var i = 0; i < shops; i++)
        {
            var seller = env.Simulator.State.CreateSeller();
            var simShop = seller.Shops[0];
            env.Simulator.State.GenerateOrders(simShop.Id, ordersPerShop, random.Next(), DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddMinutes(-5));
            await ActiveShops.RegisterAsync(env.Simulator.State, app, seller, simShop, BenchEnvironment.Merchant, DateTimeOffset.UtcNow.AddDays(-7),
                services.GetRequiredService<Shops.ShopRepository>(), services.GetRequiredService<Tokens.TokenStore>(), services.GetRequiredService<Catalog.SkuCatalog>(), cancellationToken);
            await services.GetRequiredService<OrderPullHandler>().HandleAsync(new OrderPullMessage(simShop.Id), cancellationToken);
            shopIds.Add(simShop.Id);
        }

        var store = services.GetRequiredService<OrderStore>();
        var orders = new List<StoredOrder>();
        foreach (var shopId in shopIds)
        {
            await foreach (var order in store.AllAsync(shopId, null, cancellationToken))
            {
                orders.Add(order.Order);
            }
        }

        // Released orders the shippers send tracking for, one shipment each (then the same request again: a replay).
        var toShip = new ConcurrentQueue<(string, string)>();
        foreach (var order in orders.Where(o => o.State == OrderState.ReadyToFulfil && o.ShippingType == "SELLER").Take(150))
        {
            using var response = await http.PostAsync($"api/merchants/{BenchEnvironment.Merchant}/orders/{order.OrderId}/release", null, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                toShip.Enqueue((order.ShopId, order.OrderId));
            }
        }

        var skus = orders.SelectMany(o => o.Lines).Select(l => l.Sku).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).Select(s => s!).ToList();
        return new World(shopIds, orders.Count, skus, toShip, []);
    }

    private sealed record Result(int Requests, int Errors, double P50, double P95, double P99, double PerSecond, IReadOnlyDictionary<string, (int Requests, double P99)> ByKind, IReadOnlyList<string> ErrorSamples)
    {
        public string Describe() =>
            string.Create(CultureInfo.InvariantCulture, $"{Requests} requests, {Errors} errors, p50 {P50:0} ms, p95 {P95:0} ms, p99 {P99:0} ms, {PerSecond:0} req/s");
    }

    /// <summary>The mix, by share: what a back office polling and a support team looking would send.</summary>
    private static (string Kind, Func<HttpRequestMessage> Build) Next(World world, Random random)
    {
        var merchant = BenchEnvironment.Merchant;
        var shopId = world.ShopIds[random.Next(world.ShopIds.Count)];
        var roll = random.Next(100);
        if (roll < 28)
        {
            var state = random.Next(2) == 0 ? "&state=ReadyToFulfil" : "";
            return ("GET order feed", () => new HttpRequestMessage(HttpMethod.Get, $"api/merchants/{merchant}/orders?pageSize=50&shopId={shopId}{state}"));
        }

        if (roll < 48)
        {
            var levels = Enumerable.Range(0, random.Next(1, 6)).Select(_ => new
            {
                sku = world.Skus[random.Next(world.Skus.Count)], location = "main", quantity = random.Next(0, 40), asOf = DateTimeOffset.UtcNow,
            }).ToArray();
            return ("PUT inventory", () => new HttpRequestMessage(HttpMethod.Put, $"api/merchants/{merchant}/inventory") { Content = JsonContent.Create(new { levels }) });
        }

        if (roll < 62)
        {
            return ("GET shop detail", () => new HttpRequestMessage(HttpMethod.Get, $"api/admin/shops/{shopId}"));
        }

        if (roll < 72)
        {
            return ("GET cases", () => new HttpRequestMessage(HttpMethod.Get, "api/admin/cases"));
        }

        if (roll < 82)
        {
            return ("GET runs", () => new HttpRequestMessage(HttpMethod.Get, random.Next(2) == 0 ? "api/admin/runs" : $"api/admin/shops/{shopId}/runs"));
        }

        if (roll < 90)
        {
            return ("GET shipments", () => new HttpRequestMessage(HttpMethod.Get, $"api/merchants/{merchant}/shipments?pageSize=50"));
        }

        if (roll < 95)
        {
            return ("GET admin shops", () => new HttpRequestMessage(HttpMethod.Get, "api/admin/shops"));
        }

        // A shipment for a released order; once the pool is used up, one sent before again (an idempotent replay).
        (string ShopId, string OrderId) target;
        if (world.ToShip.TryDequeue(out var fresh))
        {
            target = fresh;
            lock (world.Shipped)
            {
                world.Shipped.Add(fresh);
            }
        }
        else
        {
            lock (world.Shipped)
            {
                if (world.Shipped.Count == 0)
                {
                    return ("GET cases", () => new HttpRequestMessage(HttpMethod.Get, "api/admin/cases"));
                }

                target = world.Shipped[random.Next(world.Shipped.Count)];
            }
        }

        var body = new
        {
            orderId = target.OrderId, shopId = target.ShopId, lines = "all", carrier = "Royal Mail Tracked 48",
            trackingNumber = "RM" + target.OrderId[^9..] + "GB", shippedAt = "2026-01-05T10:00:00Z", idempotencyKey = "load-" + target.OrderId,
        };
        return ("POST shipments", () => new HttpRequestMessage(HttpMethod.Post, $"api/merchants/{merchant}/shipments") { Content = JsonContent.Create(body) });
    }

    private static async Task<Result> RunMixAsync(HttpClient http, World world, int concurrency, TimeSpan duration, Random seed, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<(string Kind, double Ms)>();
        var errors = new ConcurrentQueue<string>();
        var seeds = Enumerable.Range(0, concurrency).Select(_ => seed.Next()).ToArray();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async caller =>
        {
            var random = new Random(seeds[caller]);
            while (watch.Elapsed < duration)
            {
                var (kind, build) = Next(world, random);
                using var request = build();
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, cancellationToken);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        errors.Enqueue($"{kind}: {(int)response.StatusCode} {(body.Length > 200 ? body[..200] : body)}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    errors.Enqueue($"{kind}: {e.GetType().Name} {e.Message}");
                }

                latencies.Add((kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            }
        }));
        watch.Stop();
        var all = latencies.Select(l => l.Ms).Order().ToList();
        double Percentile(IReadOnlyList<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        var byKind = latencies.GroupBy(l => l.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var sorted = g.Select(l => l.Ms).Order().ToList();
            return (sorted.Count, Percentile(sorted, 0.99));
        }, StringComparer.Ordinal);
        return new Result(all.Count, errors.Count, Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), all.Count / watch.Elapsed.TotalSeconds, byKind, errors.Take(10).ToList());
    }
}
