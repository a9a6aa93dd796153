using System.Diagnostics;
using Azure.Data.Tables;
using Connector.Orders;
using Connector.Storage;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Bench.Figures;

/// <summary>
/// One shop's order pull end to end (<see cref="OrderPullHandler"/> with the real TikTok client, token provider and
/// stores): orders per second, TikTok calls and table requests per 100 orders, Key Vault reads of a cold and a warm
/// pull. Then the same stored orders written again as <see cref="OrderStore"/> does (transactions of up to 100) and
/// with one table write per order.
/// </summary>
public static class OrderImportBench
{
    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchEnvironment env, int orders, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        var settings = env.Settings(prefix, app);
        var shop = default(BenchShop)!;
        await using (var seeding = BenchEnvironment.BuildServices(settings))
        {
            shop = await env.CreateShopAsync(seeding, app, orders, seed: 42, cancellationToken);
        }

        // A fresh instance: nothing cached, as a worker that just started.
        await using var services = BenchEnvironment.BuildServices(settings);
        var handler = services.GetRequiredService<OrderPullHandler>();
        var before = env.Requests.Snapshot();
        var callsBefore = env.Simulator.Calls.Count(app.AppKey);
        var watch = Stopwatch.StartNew();
        await handler.HandleAsync(new OrderPullMessage(shop.ShopId), cancellationToken);
        watch.Stop();
        var pull = env.Requests.Since(before);
        var tiktokCalls = env.Simulator.Calls.Count(app.AppKey) - callsBefore;

        var store = services.GetRequiredService<OrderStore>();
        var stored = new List<StoredOrder>();
        await foreach (var order in store.AllAsync(shop.ShopId, null, cancellationToken))
        {
            stored.Add(order.Order);
        }

        var expected = await env.ExpectedAfterPullAsync(services.GetRequiredService<OrderPullCheckpointStore>(), shop.ShopId, cancellationToken);
        if (!expected.SetEquals(stored.Select(o => o.OrderId)))
        {
            throw new InvalidOperationException($"order pull stored {stored.Count} orders, the simulator has {expected.Count} importable in the window");
        }

        var ordersPerSecond = stored.Count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  import: {stored.Count} orders in {watch.Elapsed.TotalSeconds:0.0} s ({ordersPerSecond:0} orders/s), {tiktokCalls} TikTok calls, "
            + $"{pull.GetValueOrDefault(Counters.TableTransactions)} table transactions, {pull.GetValueOrDefault(Counters.TableOther)} other table requests, "
            + $"{pull.GetValueOrDefault(Counters.KeyVault)} Key Vault requests");

        // A scheduled pull on the same, now warm, instance.
        before = env.Requests.Snapshot();
        var warmWatch = Stopwatch.StartNew();
        await handler.HandleAsync(new OrderPullMessage(shop.ShopId), cancellationToken);
        warmWatch.Stop();
        var warm = env.Requests.Since(before);
        Console.WriteLine($"  warm pull: {warm.GetValueOrDefault(Counters.KeyVault)} Key Vault requests, {warm.GetValueOrDefault(Counters.TikTok)} TikTok calls, {warmWatch.Elapsed.TotalMilliseconds:0} ms");

        // The write path alone, on fresh tables: OrderStore's transactions vs one write per order.
        var fresh = stored.Select(o => new VersionedOrder(o, null)).ToList();
        var batchedMs = await TransactionsAsync(env, shop.ShopId, fresh, cancellationToken);
        var sequentialMs = await OneWritePerOrderAsync(env, shop.ShopId, stored, parallelism: 1, cancellationToken);
        var parallelMs = await OneWritePerOrderAsync(env, shop.ShopId, stored, parallelism: 16, cancellationToken);
        var batchedRate = stored.Count / (batchedMs / 1000);
        var sequentialRate = stored.Count / (sequentialMs / 1000);
        var parallelRate = stored.Count / (parallelMs / 1000);
        Console.WriteLine($"  writes alone: transactions {batchedRate:0} orders/s, one write per order {sequentialRate:0} orders/s (sequential), {parallelRate:0} orders/s (16 in flight)");

        double Per100(string counter) => pull.GetValueOrDefault(counter) * 100.0 / stored.Count;
        var perHundred = new Dictionary<string, object?>
        {
            ["tiktokCalls"] = Math.Round(tiktokCalls * 100.0 / stored.Count, 2),
            ["tableTransactions"] = Math.Round(Per100(Counters.TableTransactions), 2),
            ["otherTableRequests"] = Math.Round(Per100(Counters.TableOther), 2),
        };
        return
        [
            new Figure
            {
                Id = "import-10000",
                Title = $"Order import, {stored.Count:N0} orders of one shop: the whole order pull (TikTok search pages, stored-version reads, rules, ETag transactions, checkpoints)",
                Connector = $"{Figure.N(ordersPerSecond)} orders/s ({Figure.Ms(watch.Elapsed.TotalMilliseconds)})",
                Comparison = $"{Figure.N(sequentialRate)} orders/s: one table write per order, the writes alone (no TikTok calls, no reads)",
                Ratio = "see the next row",
                Notes = $"{orders:N0} generated, {stored.Count:N0} importable (unpaid ones are skipped); page size 50; the client's own rate caps lifted (TikTok's 10 calls/s per shop would cap one shop at 500 orders/s)",
                Data = new()
                {
                    ["generated"] = orders,
                    ["stored"] = stored.Count,
                    ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2),
                    ["ordersPerSecond"] = Math.Round(ordersPerSecond, 1),
                    ["tiktokCalls"] = tiktokCalls,
                    ["requests"] = pull,
                },
            },
            new Figure
            {
                Id = "store-10000",
                Title = $"Storing {stored.Count:N0} orders: OrderStore's ETag transactions of up to 100 rows",
                Connector = $"{Figure.N(batchedRate)} orders/s ({Figure.Ms(batchedMs)})",
                Comparison = $"{Figure.N(sequentialRate)} orders/s one table write per order ({Figure.N(parallelRate)} orders/s with 16 in flight)",
                Ratio = Figure.Times(batchedRate / sequentialRate) + $" ({Figure.Times(batchedRate / parallelRate)} than 16 in flight)",
                Data = new()
                {
                    ["orders"] = stored.Count,
                    ["transactionsMs"] = Math.Round(batchedMs, 1),
                    ["oneWritePerOrderSequentialMs"] = Math.Round(sequentialMs, 1),
                    ["oneWritePerOrderParallel16Ms"] = Math.Round(parallelMs, 1),
                },
            },
            new Figure
            {
                Id = "per-100-orders",
                Title = "Per 100 orders imported: TikTok calls, table transactions, other table requests",
                Connector = $"{perHundred["tiktokCalls"]} TikTok calls, {perHundred["tableTransactions"]} transactions, {perHundred["otherTableRequests"]} other table requests",
                Comparison = "100 table writes with one write per order",
                Notes = "other table requests: one point read per order (the stored version and its ETag), checkpoints, run record, SKU catalog look-ups",
                Data = perHundred,
            },
            new Figure
            {
                Id = "keyvault-warm-pull",
                Title = "Key Vault reads per warm order pull (tokens cached in memory)",
                Connector = $"{warm.GetValueOrDefault(Counters.KeyVault)} reads",
                Comparison = $"{pull.GetValueOrDefault(Counters.KeyVault)} on the first pull of a cold instance",
                Notes = "counted at the HTTP layer: every request to the Key Vault emulator during the pull",
                Data = new()
                {
                    ["warmPullKeyVaultRequests"] = warm.GetValueOrDefault(Counters.KeyVault),
                    ["coldPullKeyVaultRequests"] = pull.GetValueOrDefault(Counters.KeyVault),
                    ["warmPullTikTokCalls"] = warm.GetValueOrDefault(Counters.TikTok),
                },
            },
        ];
    }

    private static async Task<double> TransactionsAsync(BenchEnvironment env, string shopId, IReadOnlyList<VersionedOrder> orders, CancellationToken cancellationToken)
    {
        var store = new OrderStore(env.Emulators.CreateStorage(TestEnvironment.UniquePrefix()));
        await store.GetAsync(shopId, "warm-up", cancellationToken);
        var watch = Stopwatch.StartNew();
        await store.SaveAsync(shopId, orders, cancellationToken);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> OneWritePerOrderAsync(BenchEnvironment env, string shopId, IReadOnlyList<StoredOrder> orders, int parallelism, CancellationToken cancellationToken)
    {
        var storage = env.Emulators.CreateStorage(TestEnvironment.UniquePrefix());
        var table = await storage.TableAsync(OrderStore.TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(shopId, "warm-up"), cancellationToken: cancellationToken);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (order, ct) => await table.AddEntityAsync(OrderStore.ToEntity(order), ct));
        return watch.Elapsed.TotalMilliseconds;
    }
}
