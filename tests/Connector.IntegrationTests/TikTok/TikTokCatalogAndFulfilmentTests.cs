using Connector.TikTok;
using Connector.TikTok.Api;
using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

public sealed class TikTokCatalogAndFulfilmentTests
{
    private static TikTokSimulatorServer Sim => TikTokTestShop.Sim;

    [Test]
    public async Task Products_are_searched_and_read_with_skus_and_stock()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var warehouse = world.SimShop.Warehouses[0].Id;
        var stored = Sim.State.SetProducts(world.Shop.ShopId,
        [
            new SimProductInput(null, "Mug", [new SimSkuInput(null, "MUG-1", 9.99m, [new SimStockInput(warehouse, 5)])]),
            new SimProductInput(null, "Pot", [new SimSkuInput(null, "POT-1", 1234567.89m, [new SimStockInput(warehouse, 2)])]),
        ]);

        var page = await world.Client.SearchProductsAsync(world.Shop, new TikTokProductSearch { SellerSkus = ["POT-1"] }, new TikTokPageRequest(), CancellationToken.None);
        var product = await world.Client.GetProductAsync(world.Shop, stored[0].Id, CancellationToken.None);

        Assert.That(page.Products.Single().Id, Is.EqualTo(stored[1].Id));
        Assert.That(page.Products.Single().Skus.Single().Price!.SalePrice, Is.EqualTo(1234567.89m));
        Assert.That(product.Skus.Single().SellerSku, Is.EqualTo("MUG-1"));
        Assert.That(product.Skus.Single().Inventory.Single(), Is.EqualTo(new TikTokWarehouseInventory(warehouse, 5)));
    }

    [Test]
    public async Task Inventory_update_is_visible_in_the_simulator_state()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var warehouse = world.SimShop.Warehouses[0].Id;
        var product = Sim.State.SetProducts(world.Shop.ShopId, [new SimProductInput(null, "Mug", [new SimSkuInput(null, "MUG-1", 9.99m), new SimSkuInput(null, "MUG-2", 9.99m)])])[0];

        await world.Client.UpdateInventoryAsync(world.Shop, product.Id,
            [new TikTokSkuInventory(product.Skus[0].Id, [new TikTokWarehouseInventory(warehouse, 17)]), new TikTokSkuInventory(product.Skus[1].Id, [new TikTokWarehouseInventory(warehouse, 0)])],
            CancellationToken.None);

        Assert.That(Sim.State.Stock(world.Shop.ShopId, product.Skus[0].Id, warehouse), Is.EqualTo(17));
        Assert.That(Sim.State.InventoryUpdates(world.Shop.ShopId).Select(u => (u.SkuId, u.Quantity)),
            Is.EquivalentTo(new[] { (product.Skus[0].Id, 17), (product.Skus[1].Id, 0) }));
    }

    [Test]
    public async Task Inventory_update_for_a_foreign_warehouse_is_refused_per_SKU_as_TikTok_documents_and_not_retried()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var warehouse = world.SimShop.Warehouses[0].Id;
        var product = Sim.State.SetProducts(world.Shop.ShopId, [new SimProductInput(null, "Mug", [new SimSkuInput(null, "MUG-1", 9.99m), new SimSkuInput(null, "MUG-2", 9.99m)])])[0];

        var result = await world.Client.UpdateInventoryAsync(world.Shop, product.Id,
            [
                new TikTokSkuInventory(product.Skus[0].Id, [new TikTokWarehouseInventory("no-such-warehouse", 1)]),
                new TikTokSkuInventory(product.Skus[1].Id, [new TikTokWarehouseInventory(warehouse, 4)]),
            ], CancellationToken.None);

        var error = result.Errors.Single();
        Assert.That(error.Code, Is.EqualTo(12052990));
        Assert.That(error.Detail!.SkuId, Is.EqualTo(product.Skus[0].Id));
        Assert.That(error.Detail.ExtraErrors.Single().Code, Is.EqualTo(12052097));
        Assert.That(world.Calls("/product/202309/products/{product_id}/inventory/update"), Is.EqualTo(1));
        Assert.That(Sim.State.InventoryUpdates(world.Shop.ShopId).Select(u => (u.SkuId, u.Quantity)), Is.EqualTo(new[] { (product.Skus[1].Id, 4) }),
            "the other SKU was updated");
    }

    [Test]
    public async Task Inventory_update_of_an_unknown_product_is_an_invalid_request_and_not_retried()
    {
        await using var world = await TikTokTestShop.CreateAsync();

        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.UpdateInventoryAsync(world.Shop, "1729000000000000001",
            [new TikTokSkuInventory("1", [new TikTokWarehouseInventory(world.SimShop.Warehouses[0].Id, 1)])], CancellationToken.None)))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.InvalidRequest));
        Assert.That(error.Code, Is.EqualTo(12052260));
        Assert.That(world.Calls("/product/202309/products/{product_id}/inventory/update"), Is.EqualTo(1));
    }

    [Test]
    public async Task Seller_ships_an_order_with_a_provider_from_the_warehouse_and_updates_tracking()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var order = Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 5, status: "AWAITING_SHIPMENT")[0];

        var warehouse = (await world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None)).Single(w => w.IsDefault);
        var option = (await world.Client.GetDeliveryOptionsAsync(world.Shop, warehouse.Id, CancellationToken.None)).First();
        var provider = (await world.Client.GetShippingProvidersAsync(world.Shop, option.Id, CancellationToken.None)).First();
        var package = await world.Client.MarkPackageShippedAsync(world.Shop, order.Id,
            new TikTokShipPackageRequest("TRACK-1", provider.Id, order.LineItems.Select(l => l.Id).ToList()), CancellationToken.None);
        await world.Client.UpdateShippingInfoAsync(world.Shop, order.Id, new TikTokShippingInfo("TRACK-2", provider.Id), CancellationToken.None);

        var shipped = (await world.Client.GetOrdersAsync(world.Shop, [order.Id], CancellationToken.None)).Single();
        Assert.That(warehouse.Type, Is.EqualTo("SALES_WAREHOUSE"));
        Assert.That(package.PackageId, Is.Not.Empty);
        Assert.That(shipped.Status, Is.EqualTo(TikTokOrderStatus.InTransit));
        Assert.That(shipped.TrackingNumber, Is.EqualTo("TRACK-2"));
        Assert.That(shipped.ShippingProviderId, Is.EqualTo(provider.Id));
        Assert.That(shipped.LineItems.Select(l => l.PackageId), Is.All.EqualTo(package.PackageId));
        Assert.That(shipped.UpdateTime, Is.GreaterThanOrEqualTo(order.UpdateTime));
    }
}
