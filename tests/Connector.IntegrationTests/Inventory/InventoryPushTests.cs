using Azure.Storage.Queues;
using Connector.Inventory;
using Connector.Messaging;
using Connector.Runs;
using Connector.Storage;
using Connector.Testing;
using Connector.TikTok;
using Connector.TikTok.Api;
using TikTokSimulator;

namespace Connector.IntegrationTests.Inventory;

/// <summary>The inventory push against the simulator and Azurite: modes, rules, only what changed, failures, resync, stock-outs.</summary>
public sealed class InventoryPushTests
{
    private static readonly InventorySettings Enabled = new() { Enabled = true };

    [Test]
    public async Task Total_mode_sends_the_sum_of_all_locations_to_the_default_warehouse()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        world.SetProducts(["MUG-WHITE", "MUG-BLACK"], ["POT-L"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("MUG-WHITE", "berlin", 7), ("MUG-WHITE", "leeds", 5), ("MUG-BLACK", "berlin", 0), ("POT-L", "leeds", 42));

        var result = await world.PushAsync();

        Assert.That(world.Stock("MUG-WHITE"), Is.EqualTo(12));
        Assert.That(world.Stock("MUG-BLACK"), Is.EqualTo(0));
        Assert.That(world.Stock("POT-L"), Is.EqualTo(42));
        Assert.That(result, Is.EqualTo(new InventoryPushResult(RunOutcome.Succeeded, 2, 3, 0)));
        Assert.That(world.InventoryCalls, Is.EqualTo(2), "one call per product");
    }

    [Test]
    public async Task Locations_mode_sends_each_mapped_location_to_its_warehouse_and_ignores_the_others()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        var north = InventoryWorld.Sim.State.AddWarehouse(world.ShopId, "North").Id;
        await world.UpdateSettingsAsync(s => s with
        {
            Mode = InventoryMode.Locations,
            LocationWarehouses = new Dictionary<string, string> { ["berlin"] = world.DefaultWarehouse, ["munich"] = world.DefaultWarehouse, ["leeds"] = north },
        });
        world.SetProducts(["MUG-WHITE"], ["POT-L"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("MUG-WHITE", "berlin", 7), ("MUG-WHITE", "munich", 3), ("MUG-WHITE", "leeds", 5), ("MUG-WHITE", "paris", 1000), ("POT-L", "berlin", 4));

        await world.PushAsync();

        Assert.That(world.Stock("MUG-WHITE", world.DefaultWarehouse), Is.EqualTo(10), "berlin + munich");
        Assert.That(world.Stock("MUG-WHITE", north), Is.EqualTo(5), "leeds");
        Assert.That(world.Stock("POT-L", world.DefaultWarehouse), Is.EqualTo(4));
        Assert.That(world.Stock("POT-L", north), Is.EqualTo(0), "reported, but no stock at a location of that warehouse");
    }

    [Test]
    public async Task At_or_below_the_threshold_the_shop_lists_zero()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled with { Threshold = 4 });
        world.SetProducts(["AT"], ["BELOW"], ["ABOVE"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("AT", "a", 4), ("BELOW", "a", 1), ("ABOVE", "a", 5));

        await world.PushAsync();

        Assert.That(new[] { world.Stock("AT"), world.Stock("BELOW"), world.Stock("ABOVE") }, Is.EqualTo(new[] { 0, 0, 5 }));
    }

    [Test]
    public async Task A_buffer_holds_back_a_share_of_the_stock_rounded_down()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled with { BufferPercent = 10 });
        world.SetProducts(["TEN"], ["NINETEEN"], ["ONE"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("TEN", "a", 10), ("NINETEEN", "a", 19), ("ONE", "a", 1));

        await world.PushAsync();

        Assert.That(new[] { world.Stock("TEN"), world.Stock("NINETEEN"), world.Stock("ONE") }, Is.EqualTo(new[] { 9, 17, 0 }));
    }

    [Test]
    public async Task A_maximum_caps_the_listed_quantity()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled with { MaxQuantity = 50, Threshold = 2, BufferPercent = 50 });
        world.SetProducts(["MANY"], ["FEW"], ["HUGE"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("MANY", "a", 1000), ("FEW", "a", 30), ("HUGE", "a", 5_000_000));

        await world.PushAsync();

        Assert.That(new[] { world.Stock("MANY"), world.Stock("FEW"), world.Stock("HUGE") }, Is.EqualTo(new[] { 50, 15, 50 }));
    }

    [Test]
    public async Task Only_allowed_skus_are_pushed_and_the_others_are_left_alone()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled with { SkuAllowList = ["MUG-WHITE"] });
        world.SetProducts(["MUG-WHITE", "MUG-BLACK"], ["POT-L"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("MUG-WHITE", "a", 3), ("MUG-BLACK", "a", 4), ("POT-L", "a", 5));

        await world.PushAsync();

        Assert.That(new[] { world.Stock("MUG-WHITE"), world.Stock("MUG-BLACK"), world.Stock("POT-L") }, Is.EqualTo(new[] { 3, 100, 100 }));
        Assert.That(world.InventoryCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task Skus_never_reported_are_left_alone_unless_the_shop_says_zero()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        world.SetProducts(["REPORTED"], ["SILENT"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("REPORTED", "a", 3));

        await world.PushAsync();
        Assert.That(world.Stock("SILENT"), Is.EqualTo(100), "left alone");

        await world.UpdateSettingsAsync(s => s with { ZeroUnreportedSkus = true });
        await world.PushAsync();
        Assert.That(world.Stock("SILENT"), Is.EqualTo(0), "zeroed when the shop says so");
        Assert.That(world.Stock("REPORTED"), Is.EqualTo(3));
    }

    [Test]
    public async Task A_second_run_without_stock_change_makes_no_inventory_calls()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        world.SetProducts(["A", "B"], ["C"], ["D"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("A", "x", 1), ("B", "x", 2), ("C", "x", 3), ("D", "x", 4));
        await world.PushAsync();
        var before = world.InventoryCalls;

        var second = await world.PushAsync();

        Assert.That(before, Is.EqualTo(3));
        Assert.That(world.InventoryCalls, Is.EqualTo(before), "no TikTok inventory call");
        Assert.That(second, Is.EqualTo(new InventoryPushResult(RunOutcome.Succeeded, 0, 0, 0)));
    }

    [Test]
    public async Task A_one_percent_change_in_a_5000_sku_shop_calls_only_the_products_touched()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        var products = Enumerable.Range(0, 1000).Select(p => Enumerable.Range(0, 5).Select(s => $"SKU-{p:D4}-{s}").ToArray()).ToArray();
        world.SetProducts(products);
        await world.SyncProductsAsync();
        var all = products.SelectMany(p => p).ToArray();
        await world.StockInAsync(DateTimeOffset.UtcNow.AddMinutes(-1), all.Select(s => (s, "main", 20L)).ToArray());
        await world.PushAsync();
        var afterFirst = world.InventoryCalls;

        // 50 SKUs (1%): both first SKUs of product 0 and the first SKU of 48 other products -> 49 products.
        var changed = new[] { "SKU-0000-0", "SKU-0000-1" }.Concat(Enumerable.Range(1, 48).Select(p => $"SKU-{p * 20:D4}-0")).ToArray();
        await world.StockInAsync(changed.Select(s => (s, "main", 7L)).ToArray());
        var result = await world.PushAsync();

        Assert.That(afterFirst, Is.EqualTo(1000));
        Assert.That(world.InventoryCalls - afterFirst, Is.EqualTo(49), "one call per product touched");
        Assert.That(result, Is.EqualTo(new InventoryPushResult(RunOutcome.Succeeded, 49, 50, 0)));
        Assert.That(changed.Select(s => world.Stock(s)), Is.All.EqualTo(7));
        Assert.That(world.Stock("SKU-0999-4"), Is.EqualTo(20));
    }

    [Test]
    public async Task A_product_whose_call_fails_keeps_its_old_snapshot_and_goes_out_next_run()
    {
        var failing = new FailOnce();
        await using var world = await InventoryWorld.CreateAsync(Enabled, inner => failing.Wrap(inner));
        var created = world.SetProducts(["OK-1"], ["BROKEN-1", "BROKEN-2"], ["OK-2"]);
        failing.ProductId = created[1].Id;
        await world.SyncProductsAsync();
        await world.StockInAsync(("OK-1", "a", 1), ("BROKEN-1", "a", 2), ("BROKEN-2", "a", 3), ("OK-2", "a", 4));

        var first = await world.PushAsync();
        Assert.That(first, Is.EqualTo(new InventoryPushResult(RunOutcome.Succeeded, 2, 4, 1)));
        Assert.That(world.Stock("BROKEN-1"), Is.EqualTo(100), "not pushed yet");
        var run = (await world.RunsAsync(RunKinds.InventoryPush)).First();
        Assert.That(run.Counts["failures"], Is.EqualTo(1));
        Assert.That(run.Details["failedProducts"], Does.Contain(created[1].Id));

        var callsBefore = world.InventoryCalls;
        var second = await world.PushAsync();

        Assert.That(second, Is.EqualTo(new InventoryPushResult(RunOutcome.Succeeded, 1, 2, 0)));
        Assert.That(world.InventoryCalls - callsBefore, Is.EqualTo(1), "only the failed product");
        Assert.That(new[] { world.Stock("BROKEN-1"), world.Stock("BROKEN-2") }, Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public async Task When_every_call_fails_transiently_the_run_rethrows_for_the_queue_to_retry()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        world.SetProducts(["A"], ["B"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("A", "x", 1), ("B", "x", 2));
        InventoryWorld.Sim.Faults.Add(new FaultRule
        {
            AppKey = world.TikTok.App.AppKey, Path = "/product/202309/products/{product_id}/inventory/update", Kind = FaultKind.ServerError, Count = null,
        });

        await Assert.ThatAsync(() => world.PushAsync(), Throws.TypeOf<InventoryPushFailedException>());
        InventoryWorld.Sim.Faults.Clear(world.TikTok.App.AppKey);
        Assert.That((await world.RunsAsync(RunKinds.InventoryPush)).First().Outcome, Is.EqualTo(RunOutcome.Failed));

        var retried = await world.PushAsync();
        Assert.That(retried.ProductsPushed, Is.EqualTo(2));
        Assert.That(new[] { world.Stock("A"), world.Stock("B") }, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task A_full_resync_pushes_every_sku_even_when_nothing_changed()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        world.SetProducts(["A", "B"], ["C"], ["D"]);
        await world.SyncProductsAsync();
        await world.StockInAsync(("A", "x", 1), ("B", "x", 2), ("C", "x", 3), ("D", "x", 4));
        await world.PushAsync();
        var before = world.InventoryCalls;

        var resync = await world.PushAsync(fullResync: true);

        Assert.That(world.InventoryCalls - before, Is.EqualTo(3));
        Assert.That(resync, Is.EqualTo(new InventoryPushResult(RunOutcome.Succeeded, 3, 4, 0)));
    }

    [Test]
    public async Task A_level_older_than_the_stored_one_is_ignored()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled);
        var now = DateTimeOffset.UtcNow;
        await world.StockInAsync(now, ("A", "x", 5));

        var older = await world.StockInAsync(now.AddMinutes(-1), ("A", "x", 1), ("B", "x", 2));

        Assert.That((older.Stored, older.IgnoredAsOlder), Is.EqualTo((1, 1)));
        var stored = await world.Get<StockLevelStore>().ListAsync(world.MerchantId, CancellationToken.None);
        Assert.That(stored.Single(l => l.Sku == "A").Quantity, Is.EqualTo(5));
    }

    [Test]
    public async Task Stock_in_that_takes_a_sku_to_its_threshold_schedules_one_push_of_the_shop_soon()
    {
        await using var world = await InventoryWorld.CreateAsync(Enabled with { Threshold = 2 }, configuration: new Dictionary<string, string?> { ["Inventory:StockOutDelay"] = "00:00:01" });
        var plenty = await world.StockInAsync(DateTimeOffset.UtcNow.AddMinutes(-1), ("A", "x", 50));
        Assert.That(plenty.StockOutPushes, Is.Zero, "above the threshold: wait for the hourly run");

        var out1 = await world.StockInAsync(("A", "x", 2));
        var out2 = await world.StockInAsync(("A", "x", 1));

        Assert.That((out1.StockOutPushes, out2.StockOutPushes), Is.EqualTo((1, 0)), "one push per shop per delay");
        var queue = world.Get<StorageClients>().Queue(world.Get<QueueNames>().InventoryPush);
        QueueMessageBody? message = null;
        for (var i = 0; i < 100 && message is null; i++)
        {
            var received = await queue.ReceiveMessageAsync();
            message = received.Value is { } m ? new QueueMessageBody(m.Body.ToObjectFromJson<InventoryPushMessage>(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!) : null;
            if (message is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.That(message?.Message, Is.EqualTo(new InventoryPushMessage(world.ShopId, "stock-out")));
    }

    private sealed record QueueMessageBody(InventoryPushMessage Message);

    /// <summary>Fails the inventory update of one product, once.</summary>
    private sealed class FailOnce
    {
        private int failed;

        public string? ProductId { get; set; }

        public ITikTokShopClient Wrap(ITikTokShopClient inner) => new Client(inner, this);

        private sealed class Client(ITikTokShopClient inner, FailOnce owner) : DelegatingShopClient(inner)
        {
            public override Task<TikTokInventoryUpdateResult> UpdateInventoryAsync(TikTokShopRef shop, string productId, IReadOnlyList<TikTokSkuInventory> skus, CancellationToken cancellationToken) =>
                productId == owner.ProductId && Interlocked.Exchange(ref owner.failed, 1) == 0
                    ? throw new TikTokException(TikTokErrorKind.Transient, "/product/202309/products/{id}/inventory/update", "simulated outage", 36009003, "req-test")
                    : base.UpdateInventoryAsync(shop, productId, skus, cancellationToken);
        }
    }
}
