using System.Diagnostics;
using Azure.Data.Tables;
using Connector.Admin.Cases;
using Connector.Admin.Runs;
using Connector.Admin.Shops;
using Connector.Admin.Summary;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Connector.Testing;
using Connector.Http;
using Connector.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Bench.Figures;

/// <summary>
/// The admin reads support runs all day (dashboard, shop detail, cases list, runs list) at a large world (shops and
/// orders seeded directly into Azurite: batched transactions, 32 shops in flight) against the same calls at 100 shops
/// with the same orders per shop: storage requests per call and time. A read that scales costs the same at both. The
/// dashboard reads the rollup of the shops' day rows, computed (and timed) once after the seed, as its timer would.
/// </summary>
public static class AdminReadsBench
{
    private const int SmallShops = 100;

    /// <summary>Up to this many shops the bench runs the whole rollup; beyond, it times a sample of the rollup's per-shop reads.</summary>
    private const int FullRollupShops = 1_000;

    private const int RollupSample = 200;

    /// <summary>The longest one call may take at the large world before it is reported as not finished.</summary>
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchEnvironment env, int shops, int orders, CancellationToken cancellationToken)
    {
        var perShop = Math.Max(1, orders / shops);
        var small = await MeasureWorldAsync(env, SmallShops, perShop, cancellationToken);
        var large = await MeasureWorldAsync(env, shops, perShop, cancellationToken);
        return large.Calls.Select(call =>
        {
            var atSmall = small.Calls.Single(c => c.Name == call.Name);
            var grows = call.Requests is null || call.Requests > atSmall.Requests;
            return new Figure
            {
                Id = "admin-reads-" + call.Name,
                Title = $"Admin read '{call.Name}' at {shops:N0} shops and {(long)shops * perShop:N0} orders: storage requests per call and time",
                Connector = call.Requests is { } n ? $"{n} storage requests, {Figure.Ms(call.Milliseconds)}" : $"not finished in {CallLimit.TotalSeconds:0} s",
                Comparison = $"{atSmall.Requests} storage requests, {Figure.Ms(atSmall.Milliseconds)} at {SmallShops} shops and {SmallShops * perShop:N0} orders",
                Ratio = grows ? "grows with the data" : "same requests",
                Notes = $"seeded in {large.SeedSeconds:0} s ({(long)shops * perShop / Math.Max(1, large.SeedSeconds):0} orders/s; {SmallShops}-shop world in {small.SeedSeconds:0} s); "
                    + (large.FullRollup
                        ? $"dashboard rollup (the timer's work) {large.RollupSeconds:0.0} s and {large.RollupRequests:N0} storage requests; "
                        : $"dashboard rollup (the timer's work) at {SmallShops} shops {small.RollupSeconds:0.0} s; at {shops:N0} one shop's read takes {large.PerShopReadMs:0} ms on Azurite (it scans the whole table per partition query; Azure seeks the partition), so the rollup row was written from the seeded day rows by the rollup's own aggregation; ")
                    + "warm call (tables exist, caches filled) measured once",
                Data = new()
                {
                    ["shops"] = shops,
                    ["orders"] = (long)shops * perShop,
                    ["requests"] = call.Requests,
                    ["milliseconds"] = Math.Round(call.Milliseconds, 1),
                    ["smallShops"] = SmallShops,
                    ["smallRequests"] = atSmall.Requests,
                    ["smallMilliseconds"] = Math.Round(atSmall.Milliseconds, 1),
                    ["seedSeconds"] = Math.Round(large.SeedSeconds, 1),
                    ["rollupSeconds"] = large.FullRollup ? Math.Round(large.RollupSeconds, 1) : null,
                    ["rollupPerShopReadMilliseconds"] = Math.Round(large.PerShopReadMs, 1),
                    ["smallRollupSeconds"] = Math.Round(small.RollupSeconds, 1),
                    ["rollupRequests"] = large.RollupRequests,
                },
            };
        }).ToArray();
    }

    private sealed record Call(string Name, long? Requests, double Milliseconds);

    private static Task MarkFiguresBuiltAsync(TableClient orderTable, string shopId, CancellationToken cancellationToken) =>
        orderTable.UpsertEntityAsync(new TableEntity(TableKeys.Escape(shopId), OrderVersionDay.FiguresBuiltRow), TableUpdateMode.Replace, cancellationToken);

    private sealed record World(double SeedSeconds, bool FullRollup, double RollupSeconds, double PerShopReadMs, long RollupRequests, IReadOnlyList<Call> Calls);

    private static async Task<World> MeasureWorldAsync(BenchEnvironment env, int shops, int perShop, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        var settings = env.Settings(prefix, app);
        await using var services = BenchEnvironment.BuildServices(settings);
        var repository = services.GetRequiredService<ShopRepository>();
        var store = services.GetRequiredService<OrderStore>();

        var orderTable = await services.GetRequiredService<StorageClients>().TableAsync(OrderStore.TableName, cancellationToken);
        var seededShops = 0;
        var fullRollup = shops <= FullRollupShops;
        var seededFigures = new System.Collections.Concurrent.ConcurrentBag<ShopFigures>();
        var seeding = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, shops), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var shopId = "7496" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
            await repository.CreateAsync(new ShopRecord
            {
                ShopId = shopId,
                MerchantId = BenchEnvironment.Merchant,
                AppKey = app.AppKey,
                AuthorizationId = "bench-authorization-" + i,
                Cipher = "cipher-" + i,
                Status = ShopStatus.Active,
                CreatedAt = now,
                UpdatedAt = now,
            }, ct);

            // Orders created over the last 30 days, in the states a live shop has; written with their version rows as
            // every writer writes them (the rows built here rather than read: the shop is new).
            var seeded = Enumerable.Range(0, perShop).Select(n => new VersionedOrder(Order(shopId, n, now), null)).ToArray();
            var days = new Dictionary<DateOnly, OrderVersionDay>();
            foreach (var order in seeded)
            {
                var day = OrderVersionDay.DayOf(order.Order.CreateTime);
                (days.TryGetValue(day, out var row) ? row : days[day] = OrderVersionDay.Empty(day)).Set(order.Order);
            }

            await store.SaveAsync(shopId, seeded, days.Values, ct);
            if (!fullRollup)
            {
                seededFigures.Add(DashboardFigures.Of(shopId, BenchEnvironment.Merchant, days.Values.Select(d => d.ToEntity(shopId)), now));
            }

            // As a deployment whose rows carry the dashboard's figures (the rollup rebuilds only older shops). Beyond
            // FullRollupShops only the sampled shops are read as the rollup reads them, so only those are marked (below):
            // a third of the seed's requests saved.
            if (fullRollup)
            {
                await MarkFiguresBuiltAsync(orderTable, shopId, ct);
            }

            if (Interlocked.Increment(ref seededShops) % 1000 == 0)
            {
                Console.WriteLine($"  admin reads: {seededShops} shops seeded, {seededShops * (long)perShop / seeding.Elapsed.TotalSeconds:0} orders/s");
            }
        });
        seeding.Stop();
        Console.WriteLine($"  admin reads: {shops} shops, {(long)shops * perShop} orders seeded in {seeding.Elapsed.TotalSeconds:0.0} s");

        // The dashboard reads the rollup the timer writes every 5 minutes. Up to FullRollupShops it is computed here as the
        // timer does, timed. Beyond, Azurite answers each shop's partition query by scanning the whole table (~50 ms at
        // 100,000 rows: 10,000 shops would take minutes, where Azure seeks the partition): a sample of shops is read as the
        // rollup reads them, to time one read, and the rollup is written by its own aggregation from the rows the seed wrote.
        var rollup = services.GetRequiredService<DashboardRollup>();
        var rolling = Stopwatch.StartNew();
        var rollupBefore = env.Requests.Snapshot();
        var sampled = 0;
        if (fullRollup)
        {
            await rollup.RefreshAsync(cancellationToken);
        }
        else
        {
            var sample = (await repository.ListByStatusAsync(ShopStatus.Active, null, RollupSample, cancellationToken)).Shops;
            foreach (var shop in sample)
            {
                await MarkFiguresBuiltAsync(orderTable, shop.ShopId, cancellationToken);
            }

            rolling.Restart();
            rollupBefore = env.Requests.Snapshot();
            foreach (var shop in sample)
            {
                await rollup.ReadShopAsync(shop, now, cancellationToken);
            }

            sampled = sample.Count;
        }

        rolling.Stop();
        var rollupCounted = env.Requests.Since(rollupBefore);
        var rollupRequests = rollupCounted.GetValueOrDefault(Counters.TableTransactions) + rollupCounted.GetValueOrDefault(Counters.TableOther);
        var perShopRead = rolling.Elapsed.TotalMilliseconds / Math.Max(1, fullRollup ? shops : sampled);
        if (!fullRollup)
        {
            await rollup.WriteAsync(now, new Dictionary<string, int> { [nameof(ShopStatus.Active)] = shops }, seededFigures.ToArray(), 0, Stopwatch.StartNew(), cancellationToken);
        }

        Console.WriteLine(fullRollup
            ? $"  admin reads: dashboard rollup over {shops} shops in {rolling.Elapsed.TotalSeconds:0.0} s, {rollupRequests} storage requests"
            : $"  admin reads: {sampled} shops read as the rollup reads them: {perShopRead:0} ms and {rollupRequests / (double)Math.Max(1, sampled):0.#} storage requests each");

        var someShop = "7496" + (shops / 2).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
        var dashboard = services.GetRequiredService<Dashboard>();
        var shopAdmin = services.GetRequiredService<ShopDetail>();
        var cases = services.GetRequiredService<CaseAdmin>();
        var runs = services.GetRequiredService<RunAdmin>();
        (string Name, Func<CancellationToken, Task> Run)[] calls =
        [
            ("dashboard", ct => dashboard.GetAsync(new ReadDashboard(TimeZoneInfo.Utc), ct)),
            ("shop-detail", ct => shopAdmin.GetAsync(new ShopOperation(someShop, "bench"), ct)),
            ("cases-list", ct => cases.ListAsync(new ListCases(SupportCaseStatus.Open, null, null, AdminRequest.DefaultPageSize, null), ct)),
            ("runs-list", ct => runs.ListAllAsync(new ListAllRuns(DateTimeOffset.UtcNow - ListAllRuns.DefaultWindow, DateTimeOffset.UtcNow, null, null, null, AdminRequest.DefaultPageSize, null), ct)),
        ];
        var measured = new List<Call>();
        foreach (var (name, run) in calls)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(CallLimit);
            try
            {
                await run(limit.Token); // warm: tables exist, caches filled (shop detail lists older orders once)
                var before = env.Requests.Snapshot();
                var watch = Stopwatch.StartNew();
                await run(limit.Token);
                watch.Stop();
                var counted = env.Requests.Since(before);
                var requests = counted.GetValueOrDefault(Counters.TableTransactions) + counted.GetValueOrDefault(Counters.TableOther) + counted.GetValueOrDefault(Counters.Queue);
                measured.Add(new Call(name, requests, watch.Elapsed.TotalMilliseconds));
                Console.WriteLine($"  {name} at {shops} shops: {requests} storage requests, {watch.Elapsed.TotalMilliseconds:0} ms");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                measured.Add(new Call(name, null, CallLimit.TotalMilliseconds));
                Console.WriteLine($"  {name} at {shops} shops: not finished in {CallLimit.TotalSeconds:0} s");
            }
        }

        return new World(seeding.Elapsed.TotalSeconds, fullRollup, rolling.Elapsed.TotalSeconds, perShopRead, rollupRequests, measured);
    }

    private static StoredOrder Order(string shopId, int n, DateTimeOffset now)
    {
        var created = now.AddMinutes(-(n * 431 % (30 * 24 * 60)) - 5);
        var state = (n % 10) switch
        {
            0 => OrderState.Pending,
            1 or 2 => OrderState.ReadyToFulfil,
            3 => OrderState.Released,
            4 => OrderState.Cancelled,
            _ => OrderState.Completed,
        };
        return new StoredOrder
        {
            ShopId = shopId,
            OrderId = "5770" + n.ToString("D14", System.Globalization.CultureInfo.InvariantCulture),
            MerchantId = BenchEnvironment.Merchant,
            TikTokStatus = state is OrderState.Completed ? "COMPLETED" : state is OrderState.Cancelled ? "CANCELLED" : "AWAITING_SHIPMENT",
            UpdateTime = created.ToUnixTimeSeconds() + 60,
            CreateTime = created.ToUnixTimeSeconds(),
            PaidTime = created.ToUnixTimeSeconds() + 30,
            Amounts = new OrderAmounts("USD", 25.5m, null, null, null, null, 25.5m),
            State = state,
            StateReason = state.ToString(),
            MissingSkus = state is OrderState.Pending ? ["SKU-" + (n % 7)] : [],
            Deadlines = new OrderDeadlines { RtsSla = created.AddDays(3) },
            ImportedAt = created,
            UpdatedAt = created,
        };
    }
}
