using Connector.Inventory;

namespace Connector.UnitTests.Inventory;

public sealed class InventoryRulesTests
{
    [TestCase(0, 0, 0, null, 0)]
    [TestCase(5, 5, 0, null, 0)]
    [TestCase(6, 5, 0, null, 6)]
    [TestCase(10, 0, 10, null, 9)]
    [TestCase(19, 0, 10, null, 17)]
    [TestCase(1000, 0, 0, 50, 50)]
    [TestCase(5_000_000, 0, 0, null, 99_999)]
    [TestCase(100_000, 0, 0, 200_000, 99_999)]
    [TestCase(-3, 0, 0, null, 0)]
    public void Listed_applies_threshold_then_buffer_then_cap(long available, int threshold, int buffer, int? max, int expected) =>
        Assert.That(InventoryRules.Listed(available, new InventorySettings { Threshold = threshold, BufferPercent = buffer, MaxQuantity = max }), Is.EqualTo(expected));

    [Test]
    public void The_cap_is_the_maximum_TikToks_reference_documents()
    {
        var quantity = Connector.Testing.TikTokReference.TikTokReference.Default.EndpointFile("products/update-inventory.spec.json").Body("skus.inventory.quantity")!;

        Assert.That(InventoryRules.TikTokMaxQuantity, Is.EqualTo(quantity.DocumentedRange!.Value.Max));
    }

    [Test]
    public void A_quantity_above_TikToks_maximum_is_clamped_and_noted_in_the_plan()
    {
        var map = new[] { new SkuMapEntry("A", "p1", "s1", ["w"]), new SkuMapEntry("B", "p1", "s2", ["w"]) };
        var info = new SkuMapInfo(DateTimeOffset.UtcNow, "w", ["w"], []);
        var stock = new[] { new StockLevel("A", "x", 150_000, DateTimeOffset.UtcNow), new StockLevel("B", "x", 7, DateTimeOffset.UtcNow) };

        var plan = InventoryPlanner.Plan(map, info, stock, new InventorySettings { Enabled = true }, new Dictionary<(string, string), int>(), fullResync: false);

        var skus = plan.Products.Single().Skus;
        Assert.That(skus.Single(s => s.SellerSku == "A").Warehouses.Single().Quantity, Is.EqualTo(99_999));
        Assert.That(skus.Single(s => s.SellerSku == "B").Warehouses.Single().Quantity, Is.EqualTo(7));
        Assert.That(plan.Details["clampedToTikTokMax"], Does.Contain("A (warehouse w): 150000 -> 99999").And.Not.Contain("B "));
    }

    [Test]
    public void The_shops_own_lower_maximum_is_not_noted_as_clamped()
    {
        var map = new[] { new SkuMapEntry("A", "p1", "s1", ["w"]) };
        var info = new SkuMapInfo(DateTimeOffset.UtcNow, "w", ["w"], []);
        var stock = new[] { new StockLevel("A", "x", 150_000, DateTimeOffset.UtcNow) };

        var plan = InventoryPlanner.Plan(map, info, stock, new InventorySettings { Enabled = true, MaxQuantity = 500 }, new Dictionary<(string, string), int>(), fullResync: false);

        Assert.That(plan.Products.Single().Skus.Single().Warehouses.Single().Quantity, Is.EqualTo(500));
        Assert.That(plan.Details.ContainsKey("clampedToTikTokMax"), Is.False);
    }

    [Test]
    public void Settings_out_of_range_are_named()
    {
        var problems = new InventorySettings { Threshold = -1, BufferPercent = 101, MaxQuantity = -1, Mode = InventoryMode.Locations }.Validate();

        Assert.That(problems, Has.Count.EqualTo(4));
    }

    [Test]
    public void Full_resync_sends_unchanged_skus_and_an_unchanged_snapshot_sends_nothing()
    {
        var map = new[] { new SkuMapEntry("A", "p1", "s1", ["w"]) };
        var info = new SkuMapInfo(DateTimeOffset.UtcNow, "w", ["w"], []);
        var stock = new[] { new StockLevel("A", "x", 4, DateTimeOffset.UtcNow) };
        var snapshot = new Dictionary<(string, string), int> { [("s1", "w")] = 4 };
        var settings = new InventorySettings { Enabled = true };

        Assert.That(InventoryPlanner.Plan(map, info, stock, settings, snapshot, fullResync: false).Products, Is.Empty);
        Assert.That(InventoryPlanner.Plan(map, info, stock, settings, snapshot, fullResync: true).Products.Single().ProductId, Is.EqualTo("p1"));
    }
}
