using System.Collections.Concurrent;
using Connector.Catalog;
using Connector.IntegrationTests.TikTok;
using Connector.Orders;
using Connector.Runs;
using Connector.Storage;
using Connector.Testing;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TikTokSimulator;

namespace Connector.IntegrationTests.Orders;

/// <summary>The order pull against the simulator and Azurite: pages, checkpoints, watermarks, first-pull rules.</summary>
public sealed class OrderPullTests
{
    private static readonly DateTimeOffset Generated = DateTimeOffset.UtcNow.AddMinutes(-10);

    private sealed class World : IAsyncDisposable
    {
        public required TikTokTestShop TikTok { get; init; }

        public required FakeShops Shops { get; init; }

        public required OrderStore Orders { get; init; }

        public required RunStore Runs { get; init; }

        public required OrderPullCheckpointStore Checkpoints { get; init; }

        public required OrderImporter Importer { get; init; }

        public string ShopId => TikTok.Shop.ShopId;

        public OrderPullHandler Handler(ITikTokShopClient? client = null) => new(
            Shops, Checkpoints, Importer, Runs, client ?? TikTok.Client, TestMetrics.Create(),
            Options.Create(new OrderPullOptions { Lag = TimeSpan.Zero }), Options.Create(new TikTokOptions()), TimeProvider.System, NullLogger<OrderPullHandler>.Instance);

        public async Task<List<StoredOrder>> StoredAsync()
        {
            var all = new List<StoredOrder>();
            await foreach (var o in Orders.AllAsync(ShopId, null, CancellationToken.None))
            {
                all.Add(o.Order);
            }

            return all;
        }

        public ValueTask DisposeAsync() => TikTok.DisposeAsync();
    }

    private static async Task<World> CreateAsync(DateTimeOffset? importStartDate)
    {
        var tiktok = await TikTokTestShop.CreateAsync();
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var catalog = new SkuCatalog(storage);
        TikTokTestShop.Sim.State.GenerateOrders(tiktok.Shop.ShopId, 0, 1); // seeds the default products
        var products = TikTokTestShop.Sim.State.Shop(tiktok.Shop.ShopId).Products.Values.SelectMany(p => p.Skus).Select(s => new CatalogSku(s.SellerSku, null)).ToArray();
        await catalog.UpsertAsync("merchant-1", products, CancellationToken.None);
        var orders = new OrderStore(storage);
        var shops = new FakeShops();
        shops.Add(new OrderPullShop(tiktok.Shop.ShopId, "merchant-1", tiktok.Shop.Cipher, true, importStartDate, new OrderImportSettings()));
        return new World
        {
            TikTok = tiktok,
            Shops = shops,
            Orders = orders,
            Runs = new RunStore(storage),
            Checkpoints = new OrderPullCheckpointStore(storage),
            Importer = new OrderImporter(orders, catalog, TimeProvider.System, NullLogger<OrderImporter>.Instance),
        };
    }

    private static IEnumerable<string> Importable(IEnumerable<SimOrderView> orders) => orders.Where(o => o.Status != TikTokOrderStatus.Unpaid).Select(o => o.Id);

    private static IReadOnlyList<SimOrderView> SimOrders(string shopId) =>
        TikTokTestShop.Sim.State.Shop(shopId).Orders.Values.Select(o => new SimOrderView(o.Id, o.Status, o.UpdateTime, o.CreateTime)).ToArray();

    private sealed record SimOrderView(string Id, string Status, long UpdateTime, long CreateTime);

    [Test]
    public async Task A_thousand_orders_across_many_pages_are_stored_exactly_once()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-3));
        TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 1000, seed: 7, from: Generated.AddDays(-2), to: Generated);

        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);

        var stored = await world.StoredAsync();
        Assert.That(stored.Select(o => o.OrderId), Is.EquivalentTo(Importable(SimOrders(world.ShopId))));
        var run = (await world.Runs.ListAsync(world.ShopId, RunKinds.OrderPull, null, null, 10, CancellationToken.None)).Runs.Single();
        Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Succeeded));
        Assert.That(run.Counts["pages"], Is.GreaterThanOrEqualTo(10), "pages of 98: TikTok's maximum of 100 less the version rows of a transaction");
        Assert.That(run.Counts["new"], Is.EqualTo(stored.Count));
        Assert.That(run.Details["watermarkAfter"], Is.Not.EqualTo("none"));
    }

    [Test]
    public async Task A_pull_costs_one_TikTok_call_and_one_table_transaction_per_page_and_reads_no_order_one_by_one()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-3));
        TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 1000, seed: 8, from: Generated.AddDays(-2), to: Generated);
        var handler = world.Handler();
        var searchesBefore = world.TikTok.Calls("/order/202309/orders/search");

        RequestCounter first;
        using (first = RequestCounter.StorageInThisFlow())
        {
            await handler.HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);
        }

        var stored = (await world.StoredAsync()).Count;
        var searches = world.TikTok.Calls("/order/202309/orders/search") - searchesBefore;
        var pages = (int)Math.Ceiling(stored / (double)handler.PageSize);
        Assert.That(stored, Is.GreaterThan(700));
        Assert.That(searches, Is.LessThanOrEqualTo(pages + 1), "one TikTok search per page of 98 (and perhaps an empty last page)");
        Assert.That(first[RequestCounter.Transactions], Is.LessThanOrEqualTo(pages + 1), "one table transaction per page: its orders and their version rows");

        // Storage requests besides transactions: per page one version query and one checkpoint; per pull the checkpoint,
        // run record and lease (a few), the catalog's SKUs once. No point read per order.
        Assert.That(first[RequestCounter.OtherStorage], Is.LessThanOrEqualTo((2 * searches) + 20), $"other storage requests ({first[RequestCounter.OtherStorage]} for {stored} orders in {searches} pages)");
        Assert.That(first[RequestCounter.OtherStorage] * 100.0 / stored, Is.LessThanOrEqualTo(5), $"other table requests per 100 orders ({first[RequestCounter.OtherStorage]} requests in all)");
    }

    [Test]
    public async Task Orders_that_change_after_a_pull_are_caught_by_the_next_and_a_repeat_changes_nothing()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-3));
        var generated = TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 120, seed: 3, from: Generated.AddDays(-1), to: Generated, status: TikTokOrderStatus.AwaitingShipment);
        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);
        foreach (var order in generated.Take(10))
        {
            TikTokTestShop.Sim.State.ChangeOrder(world.ShopId, order.Id, TikTokOrderStatus.Cancelled, "Out of stock");
        }

        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the window ends before "now" (to the second)
        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);
        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);

        var stored = (await world.StoredAsync()).ToDictionary(o => o.OrderId);
        Assert.That(stored, Has.Count.EqualTo(120));
        Assert.That(generated.Take(10).Select(o => stored[o.Id].State), Is.All.EqualTo(OrderState.Cancelled));
        var runs = (await world.Runs.ListAsync(world.ShopId, RunKinds.OrderPull, RunOutcome.Succeeded, null, 10, CancellationToken.None)).Runs;
        Assert.That(runs, Has.Count.EqualTo(3));
        Assert.That(runs[1].Counts["updated"], Is.EqualTo(10), "the second pull saw the ten cancellations");
        Assert.That(runs[0].Counts["new"] + runs[0].Counts["updated"], Is.Zero, "the third pull changed nothing");
    }

    [Test]
    public async Task A_worker_that_dies_after_some_pages_resumes_from_its_checkpoint_without_loss_or_duplicates()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-3));
        TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 600, seed: 11, from: Generated.AddDays(-2), to: Generated);
        var dying = new DyingClient(world.TikTok.Client, failAfterSearches: 4);

        await Assert.ThrowsAsync<IOException>(() => world.Handler(dying).HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None));
        var midway = await world.StoredAsync();
        var checkpoint = await world.Checkpoints.GetAsync(world.ShopId, CancellationToken.None);
        var searchesBefore = world.TikTok.Calls("/order/202309/orders/search");
        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);

        Assert.That(midway.Count, Is.GreaterThan(0).And.LessThan(Importable(SimOrders(world.ShopId)).Count()));
        Assert.That(checkpoint.PageToken, Is.Not.Null, "the page token was checkpointed");
        Assert.That(checkpoint.Watermark, Is.Null, "the watermark waits for the whole window");
        var stored = await world.StoredAsync();
        Assert.That(stored.Select(o => o.OrderId), Is.EquivalentTo(Importable(SimOrders(world.ShopId))));
        var totalPages = (int)Math.Ceiling(Importable(SimOrders(world.ShopId)).Count() / (double)world.Handler().PageSize);
        Assert.That(world.TikTok.Calls("/order/202309/orders/search") - searchesBefore, Is.LessThan(totalPages), "the resumed pull did not start over");
        var runs = (await world.Runs.ListAsync(world.ShopId, RunKinds.OrderPull, null, null, 10, CancellationToken.None)).Runs;
        Assert.That(runs.Single().Outcome, Is.EqualTo(RunOutcome.Succeeded), "the resumed run is the same run");
    }

    [Test]
    public async Task A_storm_of_429s_and_server_errors_slows_the_pull_but_every_order_is_stored_once()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-3));
        TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 300, seed: 21, from: Generated.AddDays(-2), to: Generated);
        TikTokTestShop.Sim.Faults.Add(new FaultRule { AppKey = world.TikTok.App.AppKey, Path = "/order/202309/orders/search", Kind = FaultKind.RateLimited, Count = 12, Share = 0.6, Seed = 1, RetryAfterSeconds = 0 });
        TikTokTestShop.Sim.Faults.Add(new FaultRule { AppKey = world.TikTok.App.AppKey, Path = "/order/202309/orders/search", Kind = FaultKind.ServerError, Count = 4, Share = 0.3, Seed = 2 });

        // As the host does: a message whose handler throws is delivered again (up to maxDequeueCount = 5).
        var deliveries = 0;
        for (var done = false; !done && deliveries < 5;)
        {
            deliveries++;
            try
            {
                await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);
                done = true;
            }
            catch (TikTokException ex) when (ex.IsRetryable)
            {
            }
        }

        var stored = await world.StoredAsync();
        Assert.That(stored.Select(o => o.OrderId), Is.EquivalentTo(Importable(SimOrders(world.ShopId))));
        Assert.That(world.TikTok.Calls("/order/202309/orders/search"), Is.GreaterThan((int)Math.Ceiling(stored.Count / 50.0)), "the faults were hit and retried");
    }

    [Test]
    public async Task First_pull_without_a_start_date_imports_only_open_orders()
    {
        await using var world = await CreateAsync(importStartDate: null);
        TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 200, seed: 5, from: Generated.AddDays(-40), to: Generated);

        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);

        var expected = SimOrders(world.ShopId).Where(o => OrderPullHandler.OpenStatuses.Contains(o.Status)).Select(o => o.Id);
        Assert.That((await world.StoredAsync()).Select(o => o.OrderId), Is.EquivalentTo(expected));
    }

    [Test]
    public async Task A_past_start_date_imports_older_orders_created_since_then_and_nothing_before()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-20));
        TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 200, seed: 9, from: Generated.AddDays(-40), to: Generated);

        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);

        var since = Generated.AddDays(-20).ToUnixTimeSeconds();
        var expected = Importable(SimOrders(world.ShopId).Where(o => o.CreateTime >= since));
        Assert.That((await world.StoredAsync()).Select(o => o.OrderId), Is.EquivalentTo(expected));
    }

    [Test]
    public async Task Moving_the_start_date_back_backfills_that_window_as_its_own_resumable_run_without_duplicates()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-3));
        TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 300, seed: 31, from: Generated.AddDays(-10), to: Generated, status: TikTokOrderStatus.Completed);
        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);
        var firstImport = (await world.StoredAsync()).Count;
        Assert.That(firstImport, Is.EqualTo(SimOrders(world.ShopId).Count(o => o.CreateTime >= Generated.AddDays(-3).ToUnixTimeSeconds())));

        // Support moves the start date back; the watermark is recent, yet the older window must come in.
        world.Shops.Add(world.Shops.Get(world.ShopId) with { ImportStartDate = Generated.AddDays(-8) });
        var dying = new DyingClient(world.TikTok.Client, failAfterSearches: 2);
        await Assert.ThrowsAsync<IOException>(() => world.Handler(dying).HandleAsync(new OrderPullMessage(world.ShopId, "admin"), CancellationToken.None));
        var midway = (await world.StoredAsync()).Count;
        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId, "admin"), CancellationToken.None);
        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);

        var since = Generated.AddDays(-8).ToUnixTimeSeconds();
        var stored = await world.StoredAsync();
        Assert.That(midway, Is.GreaterThan(firstImport), "the backfill stored pages before the worker died");
        Assert.That(stored.Select(o => o.OrderId), Is.EquivalentTo(SimOrders(world.ShopId).Where(o => o.CreateTime >= since).Select(o => o.Id)));
        var runs = (await world.Runs.ListAsync(world.ShopId, RunKinds.OrderPull, null, null, 20, CancellationToken.None)).Runs;
        var backfill = runs.Where(r => r.Trigger == "backfill").ToList();
        Assert.That(backfill, Has.Count.EqualTo(1), "one backfill run, resumed after the worker died, and not repeated");
        Assert.That(backfill[0].Outcome, Is.EqualTo(RunOutcome.Succeeded));
        Assert.That(backfill[0].Counts["new"], Is.EqualTo(stored.Count - firstImport), "the backfill brought exactly the orders between the new and the old start");
        Assert.That(backfill[0].Details["backfillFrom"], Is.EqualTo(Generated.AddDays(-8).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var checkpoint = await world.Checkpoints.GetAsync(world.ShopId, CancellationToken.None);
        Assert.That(checkpoint.ImportedFrom, Is.EqualTo(since), "what the import covers is remembered");
    }

    [Test]
    public async Task Paused_shop_is_not_pulled()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-3));
        TikTokTestShop.Sim.State.GenerateOrders(world.ShopId, 20, seed: 1, from: Generated.AddDays(-1), to: Generated);
        world.Shops.Add(world.Shops.Get(world.ShopId) with { ImportEnabled = false });

        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);

        Assert.That(await world.StoredAsync(), Is.Empty);
        Assert.That(world.TikTok.Calls("/order/202309/orders/search"), Is.Zero);
    }

    [Test]
    public async Task Revoked_authorization_marks_the_shop_and_does_not_rethrow()
    {
        await using var world = await CreateAsync(importStartDate: Generated.AddDays(-3));
        TikTokTestShop.Sim.State.Revoke(world.TikTok.App.AppKey, world.TikTok.Seller.OpenId);

        await world.Handler().HandleAsync(new OrderPullMessage(world.ShopId), CancellationToken.None);

        Assert.That(world.Shops.AuthorizationLost, Does.Contain(world.ShopId));
        var run = (await world.Runs.ListAsync(world.ShopId, RunKinds.OrderPull, null, null, 10, CancellationToken.None)).Runs.Single();
        Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Failed));
        Assert.That(run.ErrorType, Is.EqualTo("TikTok.AuthorizationRevoked"));
    }

    /// <summary>Hand-written fake of the shop registry seam.</summary>
    private sealed class FakeShops : IOrderPullShops
    {
        private readonly ConcurrentDictionary<string, OrderPullShop> shops = new();

        public ConcurrentBag<string> AuthorizationLost { get; } = [];

        public ConcurrentBag<StoredOrder> CancelledAfterRelease { get; } = [];

        public void Add(OrderPullShop shop) => shops[shop.ShopId] = shop;

        public OrderPullShop Get(string shopId) => shops[shopId];

        public Task<OrderPullShop?> FindAsync(string shopId, CancellationToken cancellationToken) => Task.FromResult(shops.GetValueOrDefault(shopId));

        public Task AuthorizationLostAsync(string shopId, TikTokException error, CancellationToken cancellationToken)
        {
            AuthorizationLost.Add(shopId);
            return Task.CompletedTask;
        }

        public Task CancelledAfterReleaseAsync(StoredOrder order, CancellationToken cancellationToken)
        {
            CancelledAfterRelease.Add(order);
            return Task.CompletedTask;
        }
    }

    /// <summary>A client whose process "dies" (an I/O error) after a number of order searches.</summary>
    private sealed class DyingClient(ITikTokShopClient inner, int failAfterSearches) : DelegatingShopClient(inner)
    {
        private int searches;

        public override Task<TikTokOrderPage> SearchOrdersAsync(TikTokShopRef shop, TikTokOrderSearch filter, TikTokPageRequest page, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref searches) > failAfterSearches
                ? throw new IOException("worker killed")
                : base.SearchOrdersAsync(shop, filter, page, cancellationToken);
    }
}
