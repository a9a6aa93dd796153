using Connector.Inventory;
using Connector.Runs;

namespace Connector.IntegrationTests.Inventory;

/// <summary>The inventory push against TikTok's documented behaviour: per-SKU refusals in data.errors, the 99,999 cap.</summary>
public sealed class InventoryReferenceTests
{
    private static readonly InventorySettings Enabled = new() { Enabled = true };

    [Test]
    public async Task A_SKU_TikTok_refuses_in_data_errors_is_sent_again_next_run_and_named_in_the_run_record()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        world.SetProducts(["MUG-WHITE", "MUG-BLACK"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("MUG-WHITE", "a", 7), ("MUG-BLACK", "a", 3));
        InventoryWorld.Sim.State.RefuseInventoryUpdates(world.ShopId, world.SkuId("MUG-BLACK"));
        var before = world.Stock("MUG-BLACK");

        var first = await world.PushAsync();

        Assert.That(world.Stock("MUG-WHITE"), Is.EqualTo(7), "the SKU TikTok accepted is updated");
        Assert.That(world.Stock("MUG-BLACK"), Is.EqualTo(before), "TikTok kept its old quantity");
        Assert.That(first.Failures, Is.EqualTo(1));
        var run = (await world.RunsAsync(RunKinds.InventoryPush)).OrderByDescending(r => r.StartedAt).First();
        Assert.That(run.Counts["skusRefused"], Is.EqualTo(1));
        Assert.That(run.Details["refusedSkus"], Does.Contain("MUG-BLACK").And.Contain("12052393"));
        Assert.That(run.Error, Does.Contain("MUG-BLACK"));

        InventoryWorld.Sim.State.RefuseInventoryUpdates(world.ShopId, world.SkuId("MUG-BLACK"), code: null);
        var second = await world.PushAsync();

        Assert.That(world.Stock("MUG-BLACK"), Is.EqualTo(3), "the refused SKU went out again on the next run");
        Assert.That(second.SkusChanged, Is.EqualTo(1), "only the refused SKU: the accepted one is in the snapshot");
        Assert.That(second.Failures, Is.Zero);
    }

    [Test]
    public async Task A_quantity_above_TikToks_maximum_is_listed_as_the_maximum_and_noted()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        world.SetProducts(["BULK"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("BULK", "a", 250_000));

        var result = await world.PushAsync();

        Assert.That(result.Failures, Is.Zero, "TikTok accepted it");
        Assert.That(world.Stock("BULK"), Is.EqualTo(99_999));
        var run = (await world.RunsAsync(RunKinds.InventoryPush)).OrderByDescending(r => r.StartedAt).First();
        Assert.That(run.Details["clampedToTikTokMax"], Does.Contain("BULK").And.Contain("250000 -> 99999"));
    }
}
