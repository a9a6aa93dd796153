using System.Text.Json;
using Azure;
using Connector.AfterSales;
using Connector.Admin.Summary;
using Connector.Catalog;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.Testing;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.IntegrationTests.Admin;

/// <summary>
/// The dashboard answers from the rollup of the shops' day rows: the same storage requests whatever the number of shops
/// and orders, and the same figures as the orders themselves after imports and updates.
/// </summary>
public sealed class DashboardTests
{
    /// <summary>A Wednesday, 10:07 UTC.</summary>
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 10, 7, 0, TimeSpan.Zero);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static ServiceProvider Services(FixedTime? time = null)
    {
        var configuration = TestEnvironment.Current.CreateConfiguration(TestEnvironment.UniquePrefix(), SimulatorApp.Create().Settings);
        var services = new ServiceCollection().AddLogging().AddSingleton(configuration).AddConnector(configuration);
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        return services.BuildServiceProvider();
    }

    private static async Task<JsonElement> SummaryAsync(IServiceProvider services, string? timeZone = null)
    {
        var answer = await services.GetRequiredService<Dashboard>().GetAsync(new ReadDashboard(DeadlineRules.Zone(timeZone)!), CancellationToken.None);
        return JsonSerializer.SerializeToElement(answer.Value, Connector.Http.Problems.JsonOptions); // as the edge writes it
    }

    [Test]
    public async Task The_dashboard_costs_the_same_storage_requests_with_10x_and_100x_the_shops_orders_failed_runs_and_after_sales_requests()
    {
        var requests = new List<long>();
        foreach (var (shopCount, ordersPerShop) in new[] { (1, 10), (10, 10), (100, 10) })
        {
            await using var services = Services();
            var shops = services.GetRequiredService<ShopRepository>();
            var store = services.GetRequiredService<OrderStore>();
            var afterSales = services.GetRequiredService<AfterSalesStore>();
            var runs = services.GetRequiredService<RunStore>();
            await Parallel.ForEachAsync(Enumerable.Range(1, shopCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, ct) =>
            {
                var shopId = $"shop-{s}";
                var merchantId = $"merchant-{s % 7}";
                await shops.CreateAsync(new ShopRecord { ShopId = shopId, MerchantId = merchantId, AppKey = "app", AuthorizationId = "auth-" + shopId, Status = ShopStatus.Active }, ct);
                var day = DateTimeOffset.UtcNow.AddDays(-(s % 5)).ToUnixTimeSeconds();
                await store.SaveAsync(shopId, Enumerable.Range(1, ordersPerShop).Select(i => new VersionedOrder(Stored(shopId, $"o{i}", day, i % 3 == 0 ? OrderState.Pending : OrderState.ReadyToFulfil,
                    shipBy: DateTimeOffset.UtcNow.AddHours((i % 7) - 3)), null)).ToArray(), ct);
                // Enough that reading them (1,200 requests, 1,100 failed runs at 100x) would take more than one page.
                for (var i = 1; i <= 12; i++)
                {
                    await afterSales.SaveAsync(Request(merchantId, shopId, $"{shopId}-r{i}", AfterSalesState.Requested, DateTimeOffset.UtcNow.AddHours(i)), null, ct);
                }

                for (var i = 1; i <= 11; i++)
                {
                    await runs.SaveAsync(RunRecord.Start(shopId, RunKinds.OrderPull, "timer", DateTimeOffset.UtcNow.AddMinutes(-i)).Failed(new InvalidOperationException("failed"), DateTimeOffset.UtcNow), ct);
                }
            });
            await services.GetRequiredService<DashboardRollup>().RefreshAsync(CancellationToken.None);
            await SummaryAsync(services); // warm: tables exist

            RequestCounter count;
            JsonElement summary;
            using (count = RequestCounter.StorageInThisFlow())
            {
                summary = await SummaryAsync(services);
            }

            Assert.That(summary.GetProperty("ordersByState").EnumerateObject().Sum(s => s.Value.GetInt32()), Is.EqualTo(shopCount * ordersPerShop));
            Assert.That(summary.GetProperty("shopsByStatus").GetProperty("Active").GetInt32(), Is.EqualTo(shopCount));
            Assert.That(summary.GetProperty("rollup").GetProperty("computedForThisRequest").GetBoolean(), Is.False);
            Assert.That(summary.GetProperty("afterSales").GetProperty("waitingForSeller").GetInt32(), Is.EqualTo(shopCount * 12));
            Assert.That(summary.GetProperty("failedRunsLast24Hours").GetProperty("total").GetInt32(), Is.EqualTo(shopCount * 11));
            requests.Add(count[RequestCounter.Transactions] + count[RequestCounter.OtherStorage]);
        }

        Assert.That(requests.Distinct().Count(), Is.EqualTo(1), $"storage requests of the dashboard at 1x, 10x and 100x the shops and orders: {string.Join(", ", requests)}");
    }

    [Test]
    public async Task The_figures_follow_imports_updates_and_cancellations_and_a_stale_update_changes_nothing()
    {
        var time = new FixedTime(Now);
        await using var services = Services(time);
        var shops = services.GetRequiredService<ShopRepository>();
        var store = services.GetRequiredService<OrderStore>();
        var catalog = services.GetRequiredService<SkuCatalog>();
        var importer = new OrderImporter(store, catalog, time, NullLogger<OrderImporter>.Instance);
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);
        await catalog.UpsertAsync("merchant-2", [new CatalogSku("A", null)], CancellationToken.None);
        foreach (var (shopId, merchant) in new[] { ("shop-a", "merchant-1"), ("shop-b", "merchant-2") })
        {
            await shops.CreateAsync(new ShopRecord { ShopId = shopId, MerchantId = merchant, AppKey = "app", AuthorizationId = "auth-" + shopId, Status = ShopStatus.Active }, CancellationToken.None);
        }

        TikTokOrder Order(string id, int daysAgo, double shipByInHours, string currency = "USD", string status = TikTokOrderStatus.AwaitingShipment, long update = 1, params string[] skus) =>
            TestOrders.Order(id, status, Now.AddDays(-daysAgo).ToUnixTimeSeconds() + update, skus.Length == 0 ? ["A"] : skus) with
            {
                CreateTime = Now.AddDays(-daysAgo).ToUnixTimeSeconds(),
                PaidTime = Now.AddDays(-daysAgo).ToUnixTimeSeconds() + 60,
                RtsSlaTime = Now.AddHours(shipByInHours).ToUnixTimeSeconds(),
                Payment = new TikTokPayment { Currency = currency, TotalAmount = 10m + id.Length, SubTotal = 10m, ShippingFee = 0m, Tax = 0m },
            };

        var a = new OrderShopContext("shop-a", "merchant-1", new OrderImportSettings());
        var b = new OrderShopContext("shop-b", "merchant-2", new OrderImportSettings());
        await importer.ImportAsync(a, [
            Order("a1", 0, -1),               // late
            Order("a2", 0, 3),                // due today (UTC), tomorrow in Auckland (UTC+13)
            Order("a3", 2, 20),               // due tomorrow (UTC)
            Order("a4", 3, 5, status: TikTokOrderStatus.Cancelled),
            Order("a5", 40, -500),            // older than the charts, late
            Order("a6", 1, -2, skus: ["X"]),  // Pending for SKU X, late
        ], OrderSources.Poll, CancellationToken.None);
        await importer.ImportAsync(b, [Order("b1", 0, 30, currency: "EUR"), Order("b2", 1, 60, currency: "EUR", skus: ["X", "Y"])], OrderSources.Poll, CancellationToken.None);

        await services.GetRequiredService<DashboardRollup>().RefreshAsync(CancellationToken.None);
        var before = await SummaryAsync(services);
        Assert.That(before.GetProperty("ordersByState").GetProperty("ReadyToFulfil").GetInt32(), Is.EqualTo(5));
        Assert.That(before.GetProperty("ordersByState").GetProperty("Pending").GetInt32(), Is.EqualTo(2));
        Assert.That(before.GetProperty("ordersByState").GetProperty("Cancelled").GetInt32(), Is.EqualTo(1));
        Assert.That(before.GetProperty("ordersToday").EnumerateObject().Sum(s => s.Value.GetInt32()), Is.EqualTo(3));
        Assert.That(before.GetProperty("ordersThisWeek").GetProperty("byState").EnumerateObject().Sum(s => s.Value.GetInt32()), Is.EqualTo(6), "since Monday: all but a4 (Sunday) and a5 (40 days ago)");
        Assert.That(before.GetProperty("ordersImportedLast24Hours").GetInt32(), Is.EqualTo(8));
        Assert.That(before.GetProperty("lateOrders").GetProperty("total").GetInt32(), Is.EqualTo(3));
        var deadlines = before.GetProperty("shipByDeadlines");
        Assert.That((deadlines.GetProperty("late").GetInt32(), deadlines.GetProperty("dueToday").GetInt32(), deadlines.GetProperty("dueTomorrow").GetInt32()), Is.EqualTo((3, 1, 2)), "a2 today; a3 and b1 tomorrow (UTC)");
        Assert.That(deadlines.GetProperty("byShop")[0].GetProperty("shopId").GetString(), Is.EqualTo("shop-a"));
        var auckland = (await SummaryAsync(services, "Pacific/Auckland")).GetProperty("shipByDeadlines");
        Assert.That((auckland.GetProperty("late").GetInt32(), auckland.GetProperty("dueToday").GetInt32(), auckland.GetProperty("dueTomorrow").GetInt32()), Is.EqualTo((3, 0, 2)),
            "23:07 in Auckland: a2 (02:07) and a3 (19:07) fall tomorrow, b1 (05:07) the day after");
        Assert.That(Gross(before, "USD"), Is.EqualTo(12m * 4), "a1, a2, a3, a6; a4 is cancelled and a5 older than 30 days");
        Assert.That(Gross(before, "EUR"), Is.EqualTo(24m));
        var skus = before.GetProperty("topMissingSkus").EnumerateArray().Select(m => (m.GetProperty("merchantId").GetString(), m.GetProperty("sku").GetString(), m.GetProperty("pendingOrders").GetInt32())).ToArray();
        Assert.That(skus, Is.EquivalentTo(new[] { ("merchant-1", "X", 1), ("merchant-2", "X", 1), ("merchant-2", "Y", 1) }));
        var perShop = before.GetProperty("perShop").EnumerateArray().ToDictionary(p => p.GetProperty("shopId").GetString()!, p => p.GetProperty("ordersTotal").GetInt32());
        Assert.That(perShop, Is.EquivalentTo(new Dictionary<string, int> { ["shop-a"] = 5, ["shop-b"] = 2 }));

        // Later: a1 is shipped (a writer other than the import), a2 cancelled on TikTok, a webhook for a3 arrives twice and an
        // older version of a2 arrives after its cancellation.
        time.Now = Now.AddMinutes(30);
        var a1 = (await store.GetAsync("shop-a", "a1", CancellationToken.None))!;
        await store.SaveAsync("shop-a", [a1 with { Order = a1.Order with { State = OrderState.Shipped, StateReason = "Shipped." } }], CancellationToken.None);
        await importer.ImportAsync(a, [Order("a2", 0, 3, status: TikTokOrderStatus.Cancelled, update: 100)], OrderSources.Webhook, CancellationToken.None);
        await importer.ImportAsync(a, [Order("a3", 2, 20, update: 50)], OrderSources.Webhook, CancellationToken.None);
        await importer.ImportAsync(a, [Order("a3", 2, 20, update: 50)], OrderSources.Webhook, CancellationToken.None);
        await importer.ImportAsync(a, [Order("a2", 0, 3, update: 10)], OrderSources.Poll, CancellationToken.None);
        await services.GetRequiredService<DashboardRollup>().RefreshAsync(CancellationToken.None);

        var after = await SummaryAsync(services);
        Assert.That(after.GetProperty("ordersByState").GetProperty("ReadyToFulfil").GetInt32(), Is.EqualTo(3), "a3, a5, b1");
        Assert.That(after.GetProperty("ordersByState").GetProperty("Shipped").GetInt32(), Is.EqualTo(1));
        Assert.That(after.GetProperty("ordersByState").GetProperty("Cancelled").GetInt32(), Is.EqualTo(2));
        Assert.That(after.GetProperty("ordersByState").EnumerateObject().Sum(s => s.Value.GetInt32()), Is.EqualTo(8), "every order once");
        Assert.That(after.GetProperty("lateOrders").GetProperty("total").GetInt32(), Is.EqualTo(2), "a5 and a6; a1 is shipped");
        Assert.That(after.GetProperty("shipByDeadlines").GetProperty("dueToday").GetInt32(), Is.Zero, "a2 is cancelled");
        Assert.That(Gross(after, "USD"), Is.EqualTo(12m * 3), "a2's sale is gone");
        Assert.That(after.GetProperty("ordersImportedLast24Hours").GetInt32(), Is.EqualTo(8), "updates are not imports");
        Assert.That(after.GetProperty("rollup").GetProperty("asOf").GetDateTimeOffset(), Is.EqualTo(Now.AddMinutes(30)));
    }

    [Test]
    public async Task Shops_whose_rows_predate_the_figures_are_rebuilt_once_and_counted_right()
    {
        var time = new FixedTime(Now);
        await using var services = Services(time);
        var shops = services.GetRequiredService<ShopRepository>();
        var storage = services.GetRequiredService<Connector.Storage.StorageClients>();
        var table = await storage.TableAsync(OrderStore.TableName, CancellationToken.None);
        await shops.CreateAsync(new ShopRecord { ShopId = "shop-old", MerchantId = "merchant-1", AppKey = "app", AuthorizationId = "auth-old", Status = ShopStatus.Paused }, CancellationToken.None);
        var created = Now.AddHours(-3).ToUnixTimeSeconds();
        var orders = Enumerable.Range(1, 12).Select(i => Stored("shop-old", $"o{i}", created, i <= 4 ? OrderState.Cancelled : OrderState.Released, Now.AddHours(i - 8))
            with { ImportedAt = Now.AddHours(-2) }).ToArray();
        foreach (var order in orders)
        {
            await table.AddEntityAsync(OrderStore.ToEntity(order)); // as written before version rows
        }

        // A day row as the previous version wrote it: states only, half the orders listed.
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("shop-old", OrderVersionDay.RowKey(OrderVersionDay.DayOf(created)))
        {
            ["Full"] = false,
            ["States"] = JsonSerializer.Serialize(new Dictionary<string, int> { ["Cancelled"] = 4, ["Released"] = 2 }),
            ["V0"] = string.Concat(orders.Take(6).Select(o => $"{o.OrderId}\t{o.UpdateTime}\t{o.TikTokStatus}\t0\t{(int)o.State}\n")),
        });

        var rollup = services.GetRequiredService<DashboardRollup>();
        var first = await rollup.RefreshAsync(CancellationToken.None);
        var again = await rollup.RefreshAsync(CancellationToken.None);
        var summary = await SummaryAsync(services);

        Assert.That((first.ShopsRebuilt, again.ShopsRebuilt), Is.EqualTo((1, 0)), "rebuilt once");
        Assert.That(summary.GetProperty("ordersByState").GetProperty("Released").GetInt32(), Is.EqualTo(8));
        Assert.That(summary.GetProperty("ordersByState").GetProperty("Cancelled").GetInt32(), Is.EqualTo(4));
        Assert.That(summary.GetProperty("lateOrders").GetProperty("total").GetInt32(), Is.EqualTo(3), "o5, o6, o7 (ship-by 3, 2, 1 hours ago)");
        Assert.That(summary.GetProperty("ordersImportedLast24Hours").GetInt32(), Is.EqualTo(12));
        Assert.That(Gross(summary, "USD"), Is.EqualTo(8 * 10m));
        Assert.That(summary.GetProperty("shopsByStatus").GetProperty("Paused").GetInt32(), Is.EqualTo(1));
        var counts = await services.GetRequiredService<OrderStore>().CountByStateAsync("shop-old", CancellationToken.None);
        Assert.That(counts[OrderState.Released], Is.EqualTo(8), "shop detail counts the rebuilt rows too");
    }

    [Test]
    public async Task Without_a_rollup_the_dashboard_computes_one_and_then_reads_it()
    {
        await using var services = Services();
        await services.GetRequiredService<ShopRepository>().CreateAsync(
            new ShopRecord { ShopId = "shop-1", MerchantId = "merchant-1", AppKey = "app", AuthorizationId = "auth-1", Status = ShopStatus.Active }, CancellationToken.None);
        await services.GetRequiredService<OrderStore>().SaveAsync("shop-1", [new VersionedOrder(Stored("shop-1", "o1", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), OrderState.ReadyToFulfil, null), null)], CancellationToken.None);

        var first = await SummaryAsync(services);
        var second = await SummaryAsync(services);

        Assert.That(first.GetProperty("rollup").GetProperty("computedForThisRequest").GetBoolean(), Is.True);
        Assert.That(first.GetProperty("ordersByState").GetProperty("ReadyToFulfil").GetInt32(), Is.EqualTo(1));
        Assert.That(second.GetProperty("rollup").GetProperty("computedForThisRequest").GetBoolean(), Is.False);
        Assert.That(second.GetProperty("rollup").GetProperty("asOf").GetDateTimeOffset(), Is.EqualTo(first.GetProperty("rollup").GetProperty("asOf").GetDateTimeOffset()));
    }

    [Test]
    public async Task After_sales_counts_follow_each_request_once_and_a_merchant_without_figures_is_counted_from_its_rows()
    {
        var time = new FixedTime(Now);
        await using var services = Services(time);
        var store = services.GetRequiredService<AfterSalesStore>();
        var shops = services.GetRequiredService<ShopRepository>();
        await shops.CreateAsync(new ShopRecord { ShopId = "shop-a", MerchantId = "merchant-1", AppKey = "app", AuthorizationId = "auth-a", Status = ShopStatus.Active }, CancellationToken.None);
        await shops.CreateAsync(new ShopRecord { ShopId = "shop-b", MerchantId = "merchant-2", AppKey = "app", AuthorizationId = "auth-b", Status = ShopStatus.Active }, CancellationToken.None);
        async Task<ETag> Save(AfterSalesRequest request) => await store.SaveAsync(request, await store.GetAsync(request.MerchantId, request.Kind, request.RequestId, CancellationToken.None), CancellationToken.None);

        await Save(Request("merchant-1", "shop-a", "r1", AfterSalesState.Requested, Now.AddHours(-1)));    // past its deadline
        await Save(Request("merchant-1", "shop-a", "r2", AfterSalesState.Requested, Now.AddHours(3)));     // near (warning 12 h)
        await Save(Request("merchant-1", "shop-a", "r3", AfterSalesState.ReturnShipped, Now.AddDays(3)));  // waiting, not near
        await Save(Request("merchant-1", "shop-a", "r4", AfterSalesState.Requested, Now.AddHours(5)));
        await Save(Request("merchant-1", "shop-a", "r4", AfterSalesState.Approved, null));                 // answered
        var stale = (await store.GetAsync("merchant-1", AfterSalesKind.Return, "r4", CancellationToken.None))!;
        await Save(Request("merchant-1", "shop-a", "r4", AfterSalesState.Completed, null));
        await Assert.ThatAsync(() => store.SaveAsync(Request("merchant-1", "shop-a", "r4", AfterSalesState.Completed, null), stale, CancellationToken.None),
            Throws.TypeOf<ConcurrencyConflictException>(), "a write from a stale read is refused, so it cannot count twice");
        // shop-b's requests were stored before the figures were kept: rows only.
        var table = await services.GetRequiredService<StorageClients>().TableAsync(AfterSalesStore.TableName, CancellationToken.None);
        await Save(Request("merchant-2", "shop-b", "r5", AfterSalesState.Requested, Now.AddHours(2)));
        await Save(Request("merchant-2", "shop-b", "r6", AfterSalesState.Rejected, null));
        await table.DeleteEntityAsync("merchant-2", AfterSalesStore.FiguresRowKey("shop-b"));

        await services.GetRequiredService<DashboardRollup>().RefreshAsync(CancellationToken.None);
        var counts = (await SummaryAsync(services)).GetProperty("afterSales");

        Assert.That((counts.GetProperty("waitingForSeller").GetInt32(), counts.GetProperty("nearDeadline").GetInt32(), counts.GetProperty("pastDeadline").GetInt32()), Is.EqualTo((4, 2, 1)),
            "r1, r2, r3, r5 wait; r2 and r5 are near, r1 past");
        var byState = counts.GetProperty("byState");
        Assert.That((byState.GetProperty("Requested").GetInt32(), byState.GetProperty("ReturnShipped").GetInt32(), byState.GetProperty("Approved").GetInt32(),
            byState.GetProperty("Completed").GetInt32(), byState.GetProperty("Rejected").GetInt32()), Is.EqualTo((3, 1, 0, 1, 1)), "each request once, in its newest state");

        time.Now = Now.AddHours(4);
        var later = (await SummaryAsync(services)).GetProperty("afterSales");
        Assert.That(later.GetProperty("pastDeadline").GetInt32(), Is.EqualTo(3), "r1, r2 and r5 are past their deadlines 4 hours on, with no new rollup");
    }

    private static AfterSalesRequest Request(string merchantId, string shopId, string requestId, AfterSalesState state, DateTimeOffset? deadline) => new()
    {
        MerchantId = merchantId,
        ShopId = shopId,
        OrderId = "order-" + requestId,
        RequestId = requestId,
        Kind = AfterSalesKind.Return,
        TikTokStatus = state.ToString(),
        State = state,
        Deadline = deadline,
        CreateTime = Now.ToUnixTimeSeconds(),
        UpdateTime = Now.ToUnixTimeSeconds(),
    };

    private static decimal Gross(JsonElement summary, string currency) =>
        summary.GetProperty("grossSalesPerDay").EnumerateArray().Sum(d => d.GetProperty("byCurrency").TryGetProperty(currency, out var c) ? c.GetProperty("gross").GetDecimal() : 0m);

    private static StoredOrder Stored(string shopId, string orderId, long createTime, OrderState state, DateTimeOffset? shipBy) => new()
    {
        ShopId = shopId,
        OrderId = orderId,
        MerchantId = "merchant-1",
        TikTokStatus = TikTokOrderStatus.AwaitingShipment,
        UpdateTime = createTime + 10,
        CreateTime = createTime,
        Amounts = new OrderAmounts("USD", null, null, null, null, null, 10m),
        State = state,
        StateReason = "Test.",
        Deadlines = new OrderDeadlines { RtsSla = shipBy },
        ImportedAt = DateTimeOffset.UtcNow,
    };
}
