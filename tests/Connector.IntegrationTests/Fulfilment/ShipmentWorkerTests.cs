using Connector.Catalog;
using Connector.Fulfilment;
using Connector.IntegrationTests.TikTok;
using Connector.Orders;
using Connector.Shops;
using Connector.Support;
using Connector.Testing;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.IntegrationTests.Fulfilment;

/// <summary>The shipment worker against the simulator and Azurite, with failures injected around the TikTok call.</summary>
public sealed class ShipmentWorkerTests
{
    private const string Merchant = "merchant-1";
    private const string PackagesPath = "/fulfillment/202309/orders/{order_id}/packages";

    private sealed class World : IAsyncDisposable
    {
        public required TikTokTestShop TikTok { get; init; }
        public required ShipmentStore Shipments { get; init; }
        public required ShopRepository Shops { get; init; }
        public required OrderStore Orders { get; init; }
        public required SupportCaseStore Cases { get; init; }

        public ShipmentWorker Worker(ITikTokShopClient? client = null) =>
            new(Shipments, Shops, Orders, client ?? TikTok.Client, Cases, TimeProvider.System, NullLogger<ShipmentWorker>.Instance);

        public ValueTask DisposeAsync() => TikTok.DisposeAsync();
    }

    private static async Task<(World World, string OrderId, Shipment Shipment)> ArrangeAsync()
    {
        var tiktok = await TikTokTestShop.CreateAsync();
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var shops = new ShopRepository(storage);
        await shops.CreateAsync(new ShopRecord
        {
            ShopId = tiktok.Shop.ShopId, MerchantId = Merchant, Cipher = tiktok.Shop.Cipher, Region = "GB", AppKey = tiktok.App.AppKey, AuthorizationId = "auth-1",
            Status = ShopStatus.Active,
        }, CancellationToken.None);
        var order = TikTokTestShop.Sim.State.GenerateOrders(tiktok.Shop.ShopId, 20, seed: 4, status: TikTokOrderStatus.AwaitingShipment).First(o => o.LineItems.Count >= 2);
        var catalog = new SkuCatalog(storage);
        await catalog.UpsertAsync(Merchant, order.LineItems.Select(l => new CatalogSku(l.SellerSku, null)).DistinctBy(s => s.Sku).ToArray(), CancellationToken.None);
        var orders = new OrderStore(storage);
        var importer = new OrderImporter(orders, catalog, TimeProvider.System, NullLogger<OrderImporter>.Instance);
        await importer.ImportAsync(new OrderShopContext(tiktok.Shop.ShopId, Merchant, new OrderImportSettings()),
            await tiktok.Client.GetOrdersAsync(tiktok.Shop, [order.Id], CancellationToken.None), OrderSources.Poll, CancellationToken.None);
        var world = new World { TikTok = tiktok, Shipments = new ShipmentStore(storage), Shops = shops, Orders = orders, Cases = new SupportCaseStore(storage, TimeProvider.System, NullLogger<SupportCaseStore>.Instance) };
        var stored = (await orders.GetAsync(tiktok.Shop.ShopId, order.Id, CancellationToken.None))!.Order;
        var shipment = new Shipment
        {
            ShipmentId = ShipmentStore.IdFor(Merchant, "k1"), MerchantId = Merchant, IdempotencyKey = "k1", RequestHash = "h", ShopId = tiktok.Shop.ShopId, OrderId = order.Id,
            Lines = stored.Lines.Select(l => new ShipmentLine(l.Sku, l.Quantity)).ToArray(), Action = ShipmentAction.CreatePackage, Carrier = "Royal Mail",
            TrackingNumber = "RM1", ShippedAt = DateTimeOffset.UtcNow, Queued = true,
        };
        await world.Shipments.AddOrGetAsync(shipment, CancellationToken.None);
        return (world, order.Id, shipment);
    }

    private sealed class FailingShip(ITikTokShopClient inner, bool afterTheCall, TikTokErrorKind kind) : DelegatingShopClient(inner)
    {
        public override async Task<TikTokShippedPackage> MarkPackageShippedAsync(TikTokShopRef shop, string orderId, TikTokShipPackageRequest package, CancellationToken cancellationToken)
        {
            if (afterTheCall)
            {
                await base.MarkPackageShippedAsync(shop, orderId, package, cancellationToken);
                throw new IOException("The worker died after TikTok created the package.");
            }

            throw new TikTokException(kind, "/fulfillment/202309/orders/x/packages", "injected", code: 36009004, requestId: "req-123");
        }
    }

    [Test]
    public async Task A_transient_TikTok_error_is_rethrown_and_the_retry_ships_the_same_line_items()
    {
        var (world, orderId, shipment) = await ArrangeAsync();
        await using var _ = world;

        var thrown = await Assert.ThrowsAsync<TikTokException>(() => world.Worker(new FailingShip(world.TikTok.Client, false, TikTokErrorKind.Transient))
            .HandleAsync(new ShipmentMessage(Merchant, shipment.ShipmentId), CancellationToken.None));
        var pending = (await world.Shipments.GetAsync(Merchant, shipment.ShipmentId, CancellationToken.None))!.Shipment;
        await world.Worker().HandleAsync(new ShipmentMessage(Merchant, shipment.ShipmentId), CancellationToken.None);

        Assert.That(thrown!.Kind, Is.EqualTo(TikTokErrorKind.Transient));
        Assert.That(pending.Status, Is.EqualTo(ShipmentStatus.Accepted));
        Assert.That(pending.LineItemIds, Is.Not.Empty);
        var done = (await world.Shipments.GetAsync(Merchant, shipment.ShipmentId, CancellationToken.None))!.Shipment;
        Assert.That(done.Status, Is.EqualTo(ShipmentStatus.Shipped));
        Assert.That(done.LineItemIds, Is.EqualTo(pending.LineItemIds));
        Assert.That(done.Attempts, Is.EqualTo(2));
        Assert.That(TikTokTestShop.Sim.State.Shop(world.TikTok.Shop.ShopId).Orders[orderId].LineItems.All(l => l.PackageId == done.PackageId));
    }

    [Test]
    public async Task A_worker_that_dies_after_TikTok_created_the_package_records_it_on_retry_without_a_second_call()
    {
        var (world, orderId, shipment) = await ArrangeAsync();
        await using var _ = world;

        await Assert.ThrowsAsync<IOException>(() => world.Worker(new FailingShip(world.TikTok.Client, true, TikTokErrorKind.Transient))
            .HandleAsync(new ShipmentMessage(Merchant, shipment.ShipmentId), CancellationToken.None));
        await world.Worker().HandleAsync(new ShipmentMessage(Merchant, shipment.ShipmentId), CancellationToken.None);
        await world.Worker().HandleAsync(new ShipmentMessage(Merchant, shipment.ShipmentId), CancellationToken.None);

        var done = (await world.Shipments.GetAsync(Merchant, shipment.ShipmentId, CancellationToken.None))!.Shipment;
        Assert.That(done.Status, Is.EqualTo(ShipmentStatus.Shipped));
        Assert.That(done.PackageId, Is.Not.Null.And.Not.Empty);
        Assert.That(world.TikTok.Calls(PackagesPath), Is.EqualTo(1));
        var stored = (await world.Orders.GetAsync(world.TikTok.Shop.ShopId, orderId, CancellationToken.None))!.Order;
        Assert.That(stored.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(stored.Packages.Single().PackageId, Is.EqualTo(done.PackageId));
    }

    [Test]
    public async Task A_refusal_by_TikTok_fails_the_shipment_with_TikToks_error_and_request_id_and_a_support_case()
    {
        var (world, _, shipment) = await ArrangeAsync();
        await using var _ = world;

        await world.Worker(new FailingShip(world.TikTok.Client, false, TikTokErrorKind.InvalidRequest)).HandleAsync(new ShipmentMessage(Merchant, shipment.ShipmentId), CancellationToken.None);

        var failed = (await world.Shipments.GetAsync(Merchant, shipment.ShipmentId, CancellationToken.None))!.Shipment;
        Assert.That(failed.Status, Is.EqualTo(ShipmentStatus.Failed));
        Assert.That(failed.Error, Does.Contain("injected"));
        Assert.That(failed.TikTokRequestId, Is.EqualTo("req-123"));
        Assert.That(failed.TikTokCode, Is.EqualTo(36009004));
        Assert.That(await world.Cases.GetAsync(failed.SupportCaseId!, CancellationToken.None), Is.Not.Null);
    }
}
