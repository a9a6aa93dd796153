using System.Text.Json;
using Connector.Admin.Shops;
using Connector.Catalog;
using Connector.Orders;
using Connector.Shops;
using Connector.Testing;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.IntegrationTests.Orders;

/// <summary>A shop's orders by state come from its version rows, which every writer keeps in step with the orders.</summary>
public sealed class OrderCountsTests
{
    [Test]
    public async Task Counts_by_state_follow_the_import_and_every_other_writer()
    {
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var store = new OrderStore(storage);
        var catalog = new SkuCatalog(storage);
        await catalog.UpsertAsync("merchant-1", [new CatalogSku("A", null)], CancellationToken.None);
        var importer = new OrderImporter(store, catalog, TimeProvider.System, NullLogger<OrderImporter>.Instance);
        var shop = new OrderShopContext("shop-1", "merchant-1", new OrderImportSettings());
        var orders = Enumerable.Range(1, 30).Select(i => TestOrders.Order($"o{i}", i <= 5 ? TikTokOrderStatus.Cancelled : TikTokOrderStatus.AwaitingShipment, skus: ["A"])
            with { CreateTime = 1_699_990_000 + (i * 86_400) }).ToArray(); // thirty creation days
        await importer.ImportAsync(shop, orders, OrderSources.Poll, CancellationToken.None);

        // Another writer (the back office releasing an order) goes through OrderStore.SaveAsync too.
        var found = (await store.GetAsync("shop-1", "o10", CancellationToken.None))!;
        await store.SaveAsync("shop-1", [found with { Order = found.Order with { State = OrderState.Released, StateReason = "Taken by the back office." } }], CancellationToken.None);

        var counts = await store.CountByStateAsync("shop-1", CancellationToken.None);

        Assert.That(counts[OrderState.Cancelled], Is.EqualTo(5));
        Assert.That(counts[OrderState.ReadyToFulfil], Is.EqualTo(24));
        Assert.That(counts[OrderState.Released], Is.EqualTo(1));
        Assert.That(counts.Values.Sum(), Is.EqualTo(30));
    }

    [Test]
    public async Task Shop_detail_costs_the_same_storage_requests_with_10x_and_100x_the_orders()
    {
        var settings = SimulatorApp.Create().Settings;
        var configuration = TestEnvironment.Current.CreateConfiguration(TestEnvironment.UniquePrefix(), settings);
        await using var services = new ServiceCollection().AddLogging().AddSingleton(configuration).AddConnector(configuration).BuildServiceProvider();
        var shops = services.GetRequiredService<ShopRepository>();
        var store = services.GetRequiredService<OrderStore>();
        var admin = services.GetRequiredService<ShopDetail>();
        var requests = new List<long>();
        foreach (var (shopId, orders) in new[] { ("shop-1x", 10), ("shop-10x", 100), ("shop-100x", 1000) })
        {
            await shops.CreateAsync(new ShopRecord { ShopId = shopId, MerchantId = "merchant-1", AppKey = "app", AuthorizationId = "auth-" + shopId, Status = ShopStatus.Active }, CancellationToken.None);
            var seeded = Enumerable.Range(1, orders).Select(i => new VersionedOrder(Stored(shopId, $"o{i}", i % 10), null)).ToArray();
            await store.SaveAsync(shopId, seeded, CancellationToken.None);
            await admin.GetAsync(new ShopOperation(shopId, "test"), CancellationToken.None); // warm: tables exist, caches filled

            RequestCounter count;
            Connector.Http.Outcome<ShopDetailView> answer;
            using (count = RequestCounter.StorageInThisFlow())
            {
                answer = await admin.GetAsync(new ShopOperation(shopId, "test"), CancellationToken.None);
            }

            Assert.That(answer.Value!.Counts.OrdersTotal, Is.EqualTo(orders), shopId);
            Assert.That(answer.Value.Counts.Orders["ReadyToFulfil"], Is.EqualTo(orders), shopId);
            requests.Add(count[RequestCounter.Transactions] + count[RequestCounter.OtherStorage]);
        }

        Assert.That(requests.Distinct().Count(), Is.EqualTo(1), $"storage requests of shop detail at 1x, 10x and 100x the orders: {string.Join(", ", requests)}");
    }

    [Test]
    public async Task Orders_stored_before_version_rows_existed_are_counted_once_listed()
    {
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var store = new OrderStore(storage);
        var table = await storage.TableAsync(OrderStore.TableName, CancellationToken.None);
        foreach (var i in Enumerable.Range(1, 40))
        {
            await table.AddEntityAsync(OrderStore.ToEntity(Stored("shop-old", $"o{i}", i % 3))); // as written before version rows
        }

        var found = (await store.GetAsync("shop-old", "o1", CancellationToken.None))!;
        await store.SaveAsync("shop-old", [found with { Order = found.Order with { State = OrderState.Released } }], CancellationToken.None);

        var counts = await store.CountByStateAsync("shop-old", CancellationToken.None);
        RequestCounter again;
        using (again = RequestCounter.StorageInThisFlow())
        {
            Assert.That(await store.CountByStateAsync("shop-old", CancellationToken.None), Is.EqualTo(counts));
        }

        Assert.That((counts[OrderState.ReadyToFulfil], counts[OrderState.Released]), Is.EqualTo((39, 1)));
        Assert.That((again[RequestCounter.Transactions] + again[RequestCounter.OtherStorage]), Is.EqualTo(2), "listed once: afterwards the marker and the day rows' query");
    }

    private static StoredOrder Stored(string shopId, string orderId, int day) => new()
    {
        ShopId = shopId,
        OrderId = orderId,
        MerchantId = "merchant-1",
        TikTokStatus = TikTokOrderStatus.AwaitingShipment,
        UpdateTime = 1_700_000_000,
        CreateTime = 1_699_990_000 + (day * 86_400),
        Amounts = new OrderAmounts(null, null, null, null, null, null, null),
        State = OrderState.ReadyToFulfil,
        StateReason = "Ready.",
    };
}
