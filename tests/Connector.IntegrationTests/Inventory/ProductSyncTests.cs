using Connector.Testing;
using Connector.Inventory;
using Connector.Runs;
using Connector.Support;

namespace Connector.IntegrationTests.Inventory;

/// <summary>The products sync: the SKU map from the shop's TikTok products, duplicates reported, not guessed.</summary>
public sealed class ProductSyncTests
{
    [Test]
    public async Task Sync_maps_every_seller_sku_to_its_product_sku_and_warehouses_across_pages()
    {
        await using var world = await InventoryWorld.CreateAsync(new InventorySettings { Enabled = true });
        var products = world.SetProducts(Enumerable.Range(0, 120).Select(p => new[] { $"S-{p}-a", $"S-{p}-b" }).ToArray());

        var result = await world.SyncProductsAsync();

        var (entries, info) = await world.Get<SkuMapStore>().GetAsync(world.ShopId, CancellationToken.None);
        Assert.That(result.Products, Is.EqualTo(120));
        Assert.That(entries, Has.Count.EqualTo(240));
        var first = entries.Single(e => e.SellerSku == "S-0-b");
        Assert.That((first.ProductId, first.SkuId), Is.EqualTo((products[0].Id, products[0].Skus[1].Id)));
        Assert.That(first.Warehouses, Is.EqualTo(new[] { world.DefaultWarehouse }));
        Assert.That(info!.DefaultWarehouseId, Is.EqualTo(world.DefaultWarehouse));
    }

    [Test]
    public async Task A_seller_sku_on_two_products_is_reported_and_not_pushed()
    {
        await using var world = await InventoryWorld.CreateAsync(new InventorySettings { Enabled = true });
        var products = world.SetProducts(["MUG", "TWIN"], ["TWIN"], ["POT"]);

        var result = await world.SyncProductsAsync();
        await world.SyncProductsAsync(); // daily again: still one case

        Assert.That(result.Duplicates, Is.EqualTo(new[] { "TWIN" }));
        var (entries, _) = await world.Get<SkuMapStore>().GetAsync(world.ShopId, CancellationToken.None);
        Assert.That(entries.Select(e => e.SellerSku), Is.EquivalentTo(new[] { "MUG", "POT" }));
        var cases = (await world.Get<SupportCaseStore>().EveryCaseAsync()).Where(c => c.ShopId == world.ShopId).ToList();
        Assert.That(cases, Has.Count.EqualTo(1));
        Assert.That(cases[0].Kind, Is.EqualTo(SupportCaseKind.DuplicateSellerSku));
        Assert.That(cases[0].Message, Does.Contain("TWIN").And.Contain(products[0].Id).And.Contain(products[1].Id));
        var run = (await world.RunsAsync(RunKinds.ProductSync)).First();
        Assert.That(run.Counts["duplicates"], Is.EqualTo(1));
        Assert.That(run.Details["duplicateSellerSkus"], Does.Contain("TWIN"));

        await world.StockInAsync(("MUG", "x", 3), ("TWIN", "x", 4));
        await world.PushAsync();
        Assert.That(products[0].Skus.Concat(products[1].Skus).Where(s => s.SellerSku == "TWIN").Select(s => InventoryWorld.Sim.State.Stock(world.ShopId, s.Id, world.DefaultWarehouse)),
            Is.All.EqualTo(100), "neither TWIN is guessed");
        Assert.That(world.Stock("MUG"), Is.EqualTo(3));
    }
}
