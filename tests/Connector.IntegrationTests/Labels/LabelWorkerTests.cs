using Connector.Catalog;
using Connector.Fulfilment;
using Connector.IntegrationTests.TikTok;
using Connector.Labels;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.Testing;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using TikTokSimulator;

namespace Connector.IntegrationTests.Labels;

/// <summary>The label worker against the simulator and Azurite, with the worker dying around TikTok's calls.</summary>
public sealed class LabelWorkerTests
{
    private const string Merchant = "merchant-1";
    private const string CreatePath = "/fulfillment/202309/packages";
    private const string SplitPath = "/fulfillment/202309/orders/{order_id}/split";

    private sealed class World : IAsyncDisposable
    {
        public required TikTokTestShop TikTok { get; init; }
        public required SimShop Shop { get; init; }
        public required StorageClients Storage { get; init; }
        public required LabelStore Labels { get; init; }
        public required OrderStore Orders { get; init; }
        public required SupportCaseStore Cases { get; init; }
        public required ShopRepository Shops { get; init; }
        public required OrderImporter Importer { get; init; }

        public LabelWorker Worker(ITikTokShopClient? client = null) => new(
            Labels, new LabelDocuments(new StorageOptions { ConnectionString = TestEnvironment.Current.Azurite.ConnectionString, TablePrefix = "w" + Guid.NewGuid().ToString("N")[..8] },
                Options.Create(new LabelOptions { Lease = TimeSpan.Zero })),
            Shops, Orders, Importer, Mock.Of<IOrderPullShops>(), client ?? TikTok.Client, TikTok.Documents, Cases, new MessageQueue(Storage),
            new QueueNames(new ConfigurationBuilder().Build()), Options.Create(new LabelOptions { Lease = TimeSpan.Zero }), TimeProvider.System, NullLogger<LabelWorker>.Instance);

        public ValueTask DisposeAsync() => TikTok.DisposeAsync();
    }

    private static async Task<(World World, SimOrder Order, Label Label)> ArrangeAsync(string region, Func<StoredOrder, IReadOnlyList<ShipmentLine>> lines)
    {
        var tiktok = await TikTokTestShop.CreateAsync(region: region);
        var shop = tiktok.SimShop;
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var shops = new ShopRepository(storage);
        await shops.CreateAsync(new ShopRecord
        {
            ShopId = shop.Id, MerchantId = Merchant, Cipher = shop.Cipher, Region = region, AppKey = tiktok.App.AppKey, AuthorizationId = "auth-1", Status = ShopStatus.Active,
        }, CancellationToken.None);
        var order = TikTokTestShop.Sim.State.GenerateOrders(shop.Id, 20, seed: 4, status: TikTokOrderStatus.AwaitingShipment, orderOptions: new SimOrderOptions(ShippingType: "TIKTOK"))
            .First(o => o.LineItems.Count >= 2);
        var catalog = new SkuCatalog(storage);
        await catalog.UpsertAsync(Merchant, order.LineItems.Select(l => new CatalogSku(l.SellerSku, null)).DistinctBy(s => s.Sku).ToArray(), CancellationToken.None);
        var orders = new OrderStore(storage);
        var importer = new OrderImporter(orders, catalog, TimeProvider.System, NullLogger<OrderImporter>.Instance);
        await importer.ImportAsync(new OrderShopContext(shop.Id, Merchant, new OrderImportSettings()),
            await tiktok.Client.GetOrdersAsync(new TikTokShopRef(shop.Id, shop.Cipher), [order.Id], CancellationToken.None), OrderSources.Poll, CancellationToken.None);
        var world = new World
        {
            TikTok = tiktok, Shop = shop, Storage = storage, Labels = new LabelStore(storage), Orders = orders, Shops = shops, Importer = importer,
            Cases = new SupportCaseStore(storage, TimeProvider.System, NullLogger<SupportCaseStore>.Instance),
        };
        var stored = (await orders.GetAsync(shop.Id, order.Id, CancellationToken.None))!.Order;
        var label = new Label
        {
            LabelId = LabelStore.IdFor(Merchant, "k1"), MerchantId = Merchant, IdempotencyKey = "k1", RequestHash = "h", ShopId = shop.Id, OrderId = order.Id,
            Lines = lines(stored), Weight = new ParcelWeight(1.5m, "POUND"), DocumentSize = "A6", PackingSlip = true, Queued = true,
        };
        await world.Labels.AddOrGetAsync(label, CancellationToken.None);
        return (world, order, label);
    }

    /// <summary>Passes calls through; dies right after one TikTok call succeeded (or fails the document call transiently).</summary>
    private sealed class DyingAfter(ITikTokShopClient inner, string call) : DelegatingShopClient(inner)
    {
        public override async Task<TikTokCreatedPackage> CreatePackageAsync(TikTokShopRef shop, TikTokCreatePackageRequest request, CancellationToken cancellationToken)
        {
            var created = await base.CreatePackageAsync(shop, request, cancellationToken);
            return call == "create" ? throw new IOException("The worker died after TikTok created the package.") : created;
        }

        public override async Task ShipPackageAsync(TikTokShopRef shop, string packageId, TikTokPackageShipment shipment, CancellationToken cancellationToken)
        {
            await base.ShipPackageAsync(shop, packageId, shipment, cancellationToken);
            if (call == "ship")
            {
                throw new IOException("The worker died after TikTok arranged the package.");
            }
        }

        public override Task<TikTokShippingDocument> GetShippingDocumentAsync(TikTokShopRef shop, string packageId, TikTokDocumentRequest document, CancellationToken cancellationToken) =>
            call == "document" ? throw new TikTokException(TikTokErrorKind.Transient, "/doc", "injected 500", httpStatus: 500) : base.GetShippingDocumentAsync(shop, packageId, document, cancellationToken);

        public override async Task<IReadOnlyList<TikTokSplitPackage>> SplitOrderAsync(TikTokShopRef shop, string orderId, IReadOnlyList<TikTokSplittableGroup> groups, CancellationToken cancellationToken)
        {
            var split = await base.SplitOrderAsync(shop, orderId, groups, cancellationToken);
            return call == "split" ? throw new IOException("The worker died after TikTok split the order.") : split;
        }
    }

    [Test]
    public async Task A_worker_that_dies_after_TikTok_created_the_package_finds_it_on_retry_and_buys_no_second_label()
    {
        var (world, order, label) = await ArrangeAsync("US", o => [new ShipmentLine(o.Lines[0].Sku, 1)]);
        await using var _ = world;

        await Assert.ThrowsAsync<IOException>(() => world.Worker(new DyingAfter(world.TikTok.Client, "create")).ProcessAsync(Merchant, label.LabelId, true, CancellationToken.None));
        var reserved = (await world.Orders.GetAsync(world.Shop.Id, order.Id, CancellationToken.None))!.Order;
        var done = await world.Worker().ProcessAsync(Merchant, label.LabelId, true, CancellationToken.None);

        Assert.That(reserved.Packages.Single().Status, Is.EqualTo(OrderPackage.LabelPending), "the units stay held while the label is unfinished");
        Assert.That(done!.Status, Is.EqualTo(LabelStatus.Ready), done.Error);
        Assert.That(world.TikTok.Calls(CreatePath), Is.EqualTo(1));
        Assert.That(done.PackageId, Is.EqualTo(TikTokTestShop.Sim.State.Packages(world.Shop.Id).Single().Id));
        var stored = (await world.Orders.GetAsync(world.Shop.Id, order.Id, CancellationToken.None))!.Order;
        Assert.That(stored.Packages.Single().PackageId, Is.EqualTo(done.PackageId));
        Assert.That(done.Attempts, Is.EqualTo(2));
    }

    [TestCase("split")]
    [TestCase("ship")]
    public async Task A_worker_that_dies_after_a_split_or_a_handover_carries_on_without_doing_it_twice(string dies)
    {
        var (world, order, label) = await ArrangeAsync("GB", o => [new ShipmentLine(o.Lines[0].Sku, 1)]);
        await using var _ = world;

        await Assert.ThrowsAsync<IOException>(() => world.Worker(new DyingAfter(world.TikTok.Client, dies)).ProcessAsync(Merchant, label.LabelId, true, CancellationToken.None));
        var done = await world.Worker().ProcessAsync(Merchant, label.LabelId, true, CancellationToken.None);

        Assert.That(done!.Status, Is.EqualTo(LabelStatus.Ready), done.Error);
        Assert.That(world.TikTok.Calls(SplitPath), Is.EqualTo(1));
        var packages = TikTokTestShop.Sim.State.Packages(world.Shop.Id).Where(p => p.OrderIds.Contains(order.Id)).ToList();
        Assert.That(packages, Has.Count.EqualTo(2), "TikTok's package and the one split off");
        Assert.That(packages.Single(p => p.Id == done.PackageId).Status, Is.EqualTo("PROCESSING"));
        Assert.That(packages.Single(p => p.Id != done.PackageId).Status, Is.EqualTo("TO_FULFILL"));
    }

    [Test]
    public async Task A_transient_error_keeps_what_was_done_and_the_retry_finishes_it()
    {
        var (world, _, label) = await ArrangeAsync("US", o => o.Lines.Select(l => new ShipmentLine(l.Sku, l.Quantity)).ToArray());
        await using var owned = world;

        var thrown = await Assert.ThrowsAsync<TikTokException>(() => world.Worker(new DyingAfter(world.TikTok.Client, "document")).ProcessAsync(Merchant, label.LabelId, true, CancellationToken.None));
        var pending = (await world.Labels.GetAsync(Merchant, label.LabelId, CancellationToken.None))!.Label;
        var done = await world.Worker().ProcessAsync(Merchant, label.LabelId, true, CancellationToken.None);

        Assert.That(thrown!.IsRetryable, Is.True);
        Assert.That(pending.Status, Is.EqualTo(LabelStatus.Accepted));
        Assert.That(pending.PackageId, Is.Not.Null, "the package is checkpointed");
        Assert.That(pending.LeaseUntil, Is.Null, "freed for the retry");
        Assert.That(done!.Status, Is.EqualTo(LabelStatus.Ready));
        Assert.That(done.PackageId, Is.EqualTo(pending.PackageId));
        Assert.That(done.Documents.Select(d => d.Kind), Is.EquivalentTo(new[] { "label", "packing-slip" }));
        Assert.That(world.TikTok.Calls(CreatePath), Is.EqualTo(1));
    }

    [Test]
    public async Task An_order_cancelled_on_TikTok_fails_the_label_frees_the_units_and_opens_a_case()
    {
        var (world, order, label) = await ArrangeAsync("US", o => [new ShipmentLine(o.Lines[0].Sku, 1)]);
        await using var _ = world;
        await LabelReservations.ReserveAsync(world.Orders, label, DateTimeOffset.UtcNow, CancellationToken.None);
        TikTokTestShop.Sim.State.ChangeOrder(world.Shop.Id, order.Id, TikTokOrderStatus.Cancelled, "Buyer cancelled");

        var failed = await world.Worker().ProcessAsync(Merchant, label.LabelId, background: true, CancellationToken.None);

        Assert.That(failed!.Status, Is.EqualTo(LabelStatus.Failed));
        Assert.That(failed.Error, Does.Contain("cancelled on TikTok"));
        Assert.That((await world.Orders.GetAsync(world.Shop.Id, order.Id, CancellationToken.None))!.Order.Packages, Is.Empty);
        var opened = (await world.Cases.EveryCaseAsync()).Single();
        Assert.That(opened.Kind, Is.EqualTo(SupportCaseKind.LabelFailed));
        Assert.That(opened.CaseId, Is.EqualTo(failed.SupportCaseId));
        Assert.That(world.TikTok.Calls(CreatePath), Is.Zero);
    }
}
