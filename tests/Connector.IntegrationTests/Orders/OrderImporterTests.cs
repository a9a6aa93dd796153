using Connector.Catalog;
using Connector.Orders;
using Connector.Testing;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.IntegrationTests.Orders;

public sealed class OrderImporterTests
{
    private static (OrderImporter Importer, OrderStore Store, SkuCatalog Catalog) Create()
    {
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var store = new OrderStore(storage);
        var catalog = new SkuCatalog(storage);
        return (new OrderImporter(store, catalog, TimeProvider.System, NullLogger<OrderImporter>.Instance), store, catalog);
    }

    private static readonly OrderShopContext Shop = new("shop-1", "merchant-1", new OrderImportSettings());

    [Test]
    public async Task A_page_imported_twice_is_stored_once_and_the_second_time_changes_nothing()
    {
        var (importer, store, catalog) = Create();
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);
        var page = Enumerable.Range(1, 150).Select(i => TestOrders.Order($"o{i}", skus: ["A"])).ToArray();

        var first = await importer.ImportAsync(Shop, page, OrderSources.Poll, CancellationToken.None);
        var second = await importer.ImportAsync(Shop, page, OrderSources.Poll, CancellationToken.None);

        Assert.That(first.Counts.New, Is.EqualTo(150));
        Assert.That(second.Counts, Is.EqualTo(new OrderImportCounts(0, 0, 150, 0)));
        var all = new List<VersionedOrder>();
        await foreach (var o in store.AllAsync("shop-1", null, CancellationToken.None))
        {
            all.Add(o);
        }

        Assert.That(all, Has.Count.EqualTo(150));
        Assert.That(all.Select(o => o.Order.State), Is.All.EqualTo(OrderState.ReadyToFulfil));
    }

    [Test]
    public async Task Stored_order_keeps_exact_amounts_and_aggregated_lines()
    {
        var (importer, store, catalog) = Create();
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A/1", null), new CatalogSku("B", null)], CancellationToken.None);

        await importer.ImportAsync(Shop, [TestOrders.Order("o1", skus: ["A/1", "A/1", "B"])], OrderSources.Poll, CancellationToken.None);

        var stored = (await store.GetAsync("shop-1", "o1", CancellationToken.None))!.Order;
        Assert.That(stored.Lines.Select(l => (l.Sku, l.Quantity)), Is.EqualTo(new[] { ("A/1", 2), ("B", 1) }));
        Assert.That(stored.Amounts.Total, Is.EqualTo(64.07m));
        Assert.That(stored.Recipient!.Name, Is.EqualTo("Ada Buyer"));
    }

    [Test]
    public async Task An_older_version_arriving_late_does_not_overwrite_the_newer_stored_one()
    {
        var (importer, store, catalog) = Create();
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);
        await importer.ImportAsync(Shop, [TestOrders.Order("o1", TikTokOrderStatus.Cancelled, updateTime: 2_000, skus: ["A"])], OrderSources.Webhook, CancellationToken.None);

        var late = await importer.ImportAsync(Shop, [TestOrders.Order("o1", TikTokOrderStatus.AwaitingShipment, updateTime: 1_000, skus: ["A"])], OrderSources.Poll, CancellationToken.None);

        Assert.That(late.Counts.Unchanged, Is.EqualTo(1));
        var stored = (await store.GetAsync("shop-1", "o1", CancellationToken.None))!.Order;
        Assert.That(stored.State, Is.EqualTo(OrderState.Cancelled));
        Assert.That(stored.Source, Is.EqualTo(OrderSources.Webhook));
    }

    [Test]
    public async Task Order_with_a_SKU_missing_from_the_catalog_is_pending()
    {
        var (importer, store, catalog) = Create();
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);

        await importer.ImportAsync(Shop, [TestOrders.Order("o1", skus: ["A", "NEW-1"])], OrderSources.Poll, CancellationToken.None);

        var stored = (await store.GetAsync("shop-1", "o1", CancellationToken.None))!.Order;
        Assert.That(stored.State, Is.EqualTo(OrderState.Pending));
        Assert.That(stored.MissingSkus, Is.EqualTo(new[] { "NEW-1" }));
    }

    [Test]
    public async Task Concurrent_imports_of_the_same_orders_store_each_once_with_the_newest_version()
    {
        var (importer, store, catalog) = Create();
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);
        var older = Enumerable.Range(1, 50).Select(i => TestOrders.Order($"o{i}", updateTime: 1_000, skus: ["A"])).ToArray();
        var newer = Enumerable.Range(1, 50).Select(i => TestOrders.Order($"o{i}", TikTokOrderStatus.AwaitingCollection, updateTime: 2_000, skus: ["A"])).ToArray();

        await Task.WhenAll(
            importer.ImportAsync(Shop, older, OrderSources.Poll, CancellationToken.None),
            importer.ImportAsync(Shop, newer, OrderSources.Webhook, CancellationToken.None),
            importer.ImportAsync(Shop, older, OrderSources.Poll, CancellationToken.None));

        var all = new List<VersionedOrder>();
        await foreach (var o in store.AllAsync("shop-1", null, CancellationToken.None))
        {
            all.Add(o);
        }

        Assert.That(all, Has.Count.EqualTo(50));
        Assert.That(all.Select(o => o.Order.UpdateTime), Is.All.EqualTo(2_000));
    }

    [Test]
    public async Task A_page_of_new_orders_is_one_transaction_and_one_version_read_and_a_repeat_reads_no_order()
    {
        var (importer, store, catalog) = Create();
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);
        var page = Enumerable.Range(1, 98).Select(i => TestOrders.Order($"o{i}", skus: ["A"])).ToArray();
        await catalog.MissingAsync("merchant-1", ["A"], CancellationToken.None); // the catalog's cache is warm, as in a pull after its first page
        await store.GetAsync("shop-1", "warm-up", CancellationToken.None); // the table exists

        RequestCounter first, again;
        using (first = RequestCounter.StorageInThisFlow())
        {
            await importer.ImportAsync(Shop, page, OrderSources.Poll, CancellationToken.None);
        }

        using (again = RequestCounter.StorageInThisFlow())
        {
            var repeat = await importer.ImportAsync(Shop, page, OrderSources.Poll, CancellationToken.None);
            Assert.That(repeat.Counts.Unchanged, Is.EqualTo(98));
        }

        Assert.That((first[RequestCounter.Transactions], first[RequestCounter.OtherStorage]), Is.EqualTo((1L, 1L)), "one transaction (98 orders and the day's version row), one version query");
        Assert.That((again[RequestCounter.Transactions], again[RequestCounter.OtherStorage]), Is.EqualTo((0L, 1L)), "the repeat reads the version row only and writes nothing");
        Assert.That(await CountAsync(store), Is.EqualTo(98));
    }

    [Test]
    public async Task An_update_reads_only_the_orders_TikTok_changed()
    {
        var (importer, store, catalog) = Create();
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);
        var page = Enumerable.Range(1, 90).Select(i => TestOrders.Order($"o{i}", updateTime: 1_000, skus: ["A"])).ToArray();
        await importer.ImportAsync(Shop, page, OrderSources.Poll, CancellationToken.None);
        var changed = page.Select((o, i) => i < 10 ? TestOrders.Order(o.Id, TikTokOrderStatus.Cancelled, updateTime: 2_000, skus: ["A"]) : o).ToArray();

        RequestCounter count;
        OrderImportResult result;
        using (count = RequestCounter.StorageInThisFlow())
        {
            result = await importer.ImportAsync(Shop, changed, OrderSources.Poll, CancellationToken.None);
        }

        Assert.That(result.Counts, Is.EqualTo(new OrderImportCounts(0, 10, 80, 0)));
        Assert.That((count[RequestCounter.Transactions], count[RequestCounter.OtherStorage]), Is.EqualTo((1L, 11L)), "one version query and a read of each of the ten changed orders");
        Assert.That((await store.GetAsync("shop-1", "o1", CancellationToken.None))!.Order.State, Is.EqualTo(OrderState.Cancelled));
        Assert.That((await store.GetAsync("shop-1", "o11", CancellationToken.None))!.Order.State, Is.EqualTo(OrderState.ReadyToFulfil));
    }

    [Test]
    public async Task Orders_stored_before_the_version_index_existed_are_updated_in_place_and_indexed()
    {
        var (importer, store, catalog) = Create();
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);

        // Stored as the import did before version rows existed: the orders, no version row.
        var old = Enumerable.Range(1, 20).Select(i => TestOrders.Order($"o{i}", updateTime: 1_000, skus: ["A"])).ToArray();
        var elsewhere = new OrderImporter(new OrderStore(TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix())), catalog, TimeProvider.System, NullLogger<OrderImporter>.Instance);
        var shaped = (await elsewhere.ImportAsync(Shop, old, OrderSources.Poll, CancellationToken.None)).Stored;
        await store.SaveAsync("shop-1", shaped.Select(o => new VersionedOrder(o, null)).ToArray(), CancellationToken.None);

        var newer = old.Select(o => TestOrders.Order(o.Id, TikTokOrderStatus.AwaitingCollection, updateTime: 2_000, skus: ["A"])).ToArray();
        var result = await importer.ImportAsync(Shop, newer, OrderSources.Webhook, CancellationToken.None);
        RequestCounter count;
        using (count = RequestCounter.StorageInThisFlow())
        {
            Assert.That((await importer.ImportAsync(Shop, newer, OrderSources.Poll, CancellationToken.None)).Counts.Unchanged, Is.EqualTo(20));
        }

        Assert.That(result.Counts, Is.EqualTo(new OrderImportCounts(0, 20, 0, 0)), "updated, not stored a second time");
        Assert.That(await CountAsync(store), Is.EqualTo(20));
        var stored = (await store.GetAsync("shop-1", "o1", CancellationToken.None))!.Order;
        Assert.That((stored.UpdateTime, stored.Source, stored.ImportedAt), Is.EqualTo((2_000L, OrderSources.Webhook, shaped[0].ImportedAt)));
        Assert.That(count[RequestCounter.OtherStorage], Is.EqualTo(1), "now indexed: the repeat reads the version row only");
    }

    private static async Task<int> CountAsync(OrderStore store)
    {
        var n = 0;
        await foreach (var _ in store.AllAsync("shop-1", null, CancellationToken.None))
        {
            n++;
        }

        return n;
    }
}
