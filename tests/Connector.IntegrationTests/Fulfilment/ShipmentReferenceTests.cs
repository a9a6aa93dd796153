using Connector.Catalog;
using Connector.Fulfilment;
using Connector.IntegrationTests.TikTok;
using Connector.Orders;
using Connector.Shops;
using Connector.Support;
using Connector.Testing;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging.Abstractions;
using TikTokSimulator;

namespace Connector.IntegrationTests.Fulfilment;

/// <summary>Shipments and orders against TikTok's documented answers: the shipped-package warning, TikTok Shipping orders.</summary>
public sealed class ShipmentReferenceTests
{
    private const string Merchant = "merchant-1";

    [Test]
    public async Task A_warning_from_mark_package_as_shipped_is_kept_on_the_shipment_and_shown_to_support()
    {
        await using var tiktok = await TikTokTestShop.CreateAsync();
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var (orders, _) = await ImportAsync(tiktok, storage, new SimOrderOptions());
        var orderId = orders[0];
        var stored = (await new OrderStore(storage).GetAsync(tiktok.Shop.ShopId, orderId, CancellationToken.None))!.Order;
        var shipments = new ShipmentStore(storage);
        var cases = new SupportCaseStore(storage, TimeProvider.System, NullLogger<SupportCaseStore>.Instance);
        var shipment = new Shipment
        {
            ShipmentId = ShipmentStore.IdFor(Merchant, "k1"), MerchantId = Merchant, IdempotencyKey = "k1", RequestHash = "h", ShopId = tiktok.Shop.ShopId, OrderId = orderId,
            Lines = stored.Lines.Select(l => new ShipmentLine(l.Sku, l.Quantity)).ToArray(), Action = ShipmentAction.CreatePackage, Carrier = "Royal Mail",
            TrackingNumber = "RM1", ShippedAt = DateTimeOffset.UtcNow, Queued = true,
        };
        await shipments.AddOrGetAsync(shipment, CancellationToken.None);
        TikTokTestShop.Sim.State.WarnOnShip(tiktok.Shop.ShopId, "match more than one provider");

        await new ShipmentWorker(shipments, new ShopRepository(storage), new OrderStore(storage), tiktok.Client, cases, TimeProvider.System, NullLogger<ShipmentWorker>.Instance)
            .HandleAsync(new ShipmentMessage(Merchant, shipment.ShipmentId), CancellationToken.None);

        var done = (await shipments.GetAsync(Merchant, shipment.ShipmentId, CancellationToken.None))!.Shipment;
        Assert.That(done.Status, Is.EqualTo(ShipmentStatus.Shipped), "TikTok accepted the package");
        Assert.That(done.Warning, Is.EqualTo("match more than one provider"));
        var supportCase = (await cases.EveryCaseAsync()).Single(c => c.Kind == SupportCaseKind.ShipmentWarning);
        Assert.That(done.SupportCaseId, Is.EqualTo(supportCase.CaseId));
        Assert.That(supportCase.Message, Does.Contain("match more than one provider").And.Contain(orderId).And.Contain(done.PackageId!));
        Assert.That(ShipmentView.Of(done).Warning, Is.EqualTo("match more than one provider"), "the back office sees the warning");
    }

    [Test]
    public async Task TikTok_Shipping_orders_of_a_US_shop_reach_the_back_office_and_orders_TikTok_fulfils_do_not()
    {
        await using var tiktok = await TikTokTestShop.CreateAsync(region: "US");
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var (tiktokShipping, _) = await ImportAsync(tiktok, storage, new SimOrderOptions("TIKTOK", "FULFILLMENT_BY_SELLER"));
        var (fulfilledByTikTok, counts) = await ImportAsync(tiktok, storage, new SimOrderOptions("TIKTOK", "FULFILLMENT_BY_TIKTOK"));

        var store = new OrderStore(storage);
        foreach (var id in tiktokShipping)
        {
            var order = (await store.GetAsync(tiktok.Shop.ShopId, id, CancellationToken.None))!.Order;
            Assert.That((order.State, order.ShippingType, order.ShippedByPlatform), Is.EqualTo((OrderState.ReadyToFulfil, "TIKTOK", false)));
        }

        Assert.That(counts.Skipped, Is.EqualTo(fulfilledByTikTok.Count), "not imported by default: TikTok fulfils them");
    }

    private static async Task<(IReadOnlyList<string> Ids, OrderImportCounts Counts)> ImportAsync(TikTokTestShop tiktok, Connector.Storage.StorageClients storage, SimOrderOptions options)
    {
        var orders = TikTokTestShop.Sim.State.GenerateOrders(tiktok.Shop.ShopId, 3, seed: 4, status: TikTokOrderStatus.AwaitingShipment, orderOptions: options);
        var catalog = new SkuCatalog(storage);
        await catalog.UpsertAsync(Merchant, orders.SelectMany(o => o.LineItems).Select(l => new CatalogSku(l.SellerSku, null)).DistinctBy(s => s.Sku).ToArray(), CancellationToken.None);
        var importer = new OrderImporter(new OrderStore(storage), catalog, TimeProvider.System, NullLogger<OrderImporter>.Instance);
        var result = await importer.ImportAsync(new OrderShopContext(tiktok.Shop.ShopId, Merchant, new OrderImportSettings()),
            await tiktok.Client.GetOrdersAsync(tiktok.Shop, orders.Select(o => o.Id), CancellationToken.None), OrderSources.Poll, CancellationToken.None);
        var shops = new ShopRepository(storage);
        if (await shops.GetAsync(tiktok.Shop.ShopId, CancellationToken.None) is null)
        {
            await shops.CreateAsync(new ShopRecord
            {
                ShopId = tiktok.Shop.ShopId, MerchantId = Merchant, Cipher = tiktok.Shop.Cipher, Region = tiktok.SimShop.Region, AppKey = tiktok.App.AppKey,
                AuthorizationId = "auth-1", Status = ShopStatus.Active,
            }, CancellationToken.None);
        }

        return (orders.Select(o => o.Id).ToList(), result.Counts);
    }
}
