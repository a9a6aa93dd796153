using Connector.Orders;
using Connector.Testing;
using Connector.TikTok.Api;
using Connector.Webhooks.Handlers;
using TikTokSimulator;

namespace Connector.UnitTests.Labels;

public sealed class DeadlineAndPackageRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 31, 22, 30, 0, TimeSpan.Zero);

    private static StoredOrder Order(OrderState state = OrderState.Released) => new()
    {
        ShopId = "shop-1", OrderId = "o1", MerchantId = "m1", TikTokStatus = TikTokOrderStatus.AwaitingShipment, UpdateTime = 1, CreateTime = 1,
        Amounts = new OrderAmounts(null, null, null, null, null, null, null), State = state, StateReason = "r", ShippingType = "TIKTOK", ReleasedAt = Now.AddDays(-1),
        Lines = OrderMapper.AggregateLines(TestOrders.Order("o1", skus: ["A", "B"]).LineItems),
        Recipient = new OrderRecipient("Ada", "+1", ["1 Main St"], "10001", "New York", "NY", "US", "1 Main St, New York"),
    };

    [Test]
    public void Ship_by_is_the_earlier_of_TikToks_ship_by_and_auto_cancel_times()
    {
        var order = TestOrders.Order("o1", skus: ["A"]) with { RtsSlaTime = 2_000, ShippingDueTime = 1_500, TtsSlaTime = 3_000, CollectionDueTime = null };

        var deadlines = OrderDeadlines.From(order);

        Assert.That(deadlines.ShipBy, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1_500)));
        Assert.That(deadlines.CollectBy, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(3_000)));
        Assert.That(OrderDeadlines.From(TestOrders.Order("o2", skus: ["A"])), Is.EqualTo(OrderDeadlines.None));
    }

    [Test]
    public void Late_today_and_tomorrow_follow_the_chosen_time_zone_and_only_open_orders_count()
    {
        var london = DeadlineRules.Zone("Europe/London")!;
        var tokyo = DeadlineRules.Zone("Asia/Tokyo")!;

        Assert.That(DeadlineRules.Classify(OrderState.Released, Now.AddMinutes(-1), Now, london), Is.EqualTo(DeadlineStatus.Late));
        Assert.That(DeadlineRules.Classify(OrderState.ReadyToFulfil, Now.AddHours(1), Now, london), Is.EqualTo(DeadlineStatus.DueToday));
        Assert.That(DeadlineRules.Classify(OrderState.ReadyToFulfil, Now.AddHours(2), Now, london), Is.EqualTo(DeadlineStatus.DueTomorrow), "00:30 in London is tomorrow");
        Assert.That(DeadlineRules.Classify(OrderState.ReadyToFulfil, Now.AddHours(2), Now, tokyo), Is.EqualTo(DeadlineStatus.DueToday), "09:30 in Tokyo is still today there");
        Assert.That(DeadlineRules.Classify(OrderState.Shipped, Now.AddDays(-1), Now, london), Is.EqualTo(DeadlineStatus.None));
        Assert.That(DeadlineRules.Classify(OrderState.ReadyToFulfil, null, Now, london), Is.EqualTo(DeadlineStatus.None));
        Assert.That(DeadlineRules.Zone("Mars/Olympus"), Is.Null);
        Assert.That(DeadlineRules.Zone(null), Is.EqualTo(TimeZoneInfo.Utc));
    }

    [Test]
    public void Package_status_and_tracking_follow_the_line_items()
    {
        var packages = new[] { new OrderPackage("p1", "lbl1", new Dictionary<string, int> { ["A"] = 1 }, ["L0"], "", "", Now, TikTokPackageStatus.Processing) };
        var items = new[] { new TikTokLineItem { Id = "L0", PackageId = "p1", PackageStatus = TikTokPackageStatus.Fulfilling, TrackingNumber = "T9", ShippingProviderName = "USPS" } };

        var merged = OrderPackageSync.Merge(packages, items).Single();

        Assert.That(merged.Status, Is.EqualTo(TikTokPackageStatus.Fulfilling));
        Assert.That(merged.TrackingNumber, Is.EqualTo("T9"));
        Assert.That(merged.ShippingProviderName, Is.EqualTo("USPS"));
    }

    [Test]
    public void A_cancelled_package_frees_its_units_and_takes_a_shipped_order_back()
    {
        var order = Order(OrderState.Shipped) with
        {
            Packages = [new OrderPackage("p1", "lbl1", new Dictionary<string, int> { ["A"] = 1, ["B"] = 1 }, ["o1-L0", "o1-L1"], "T1", "prov", Now, TikTokPackageStatus.Processing)],
        };
        var details = new Dictionary<string, TikTokPackageDetail> { ["p1"] = new() { PackageId = "p1", PackageStatus = TikTokPackageStatus.Cancelled } };

        var updated = PackageUpdateRules.Apply(order, TestOrders.Order("o1", skus: ["A", "B"]), details, "CANCEL_FULFILL_SPLIT", Now)!;

        Assert.That(updated.State, Is.EqualTo(OrderState.Released));
        Assert.That(updated.StateReason, Does.Contain("p1").And.Contain("CANCEL_FULFILL_SPLIT"));
        Assert.That(updated.UnshippedUnits("A"), Is.EqualTo(1));
        Assert.That(PackageUpdateRules.Apply(updated, TestOrders.Order("o1", skus: ["A", "B"]), details, "CANCEL_FULFILL_SPLIT", Now), Is.Null, "the same update twice changes nothing");
    }

    [Test]
    public void A_package_shipped_outside_the_connector_is_recorded_with_its_units()
    {
        var details = new Dictionary<string, TikTokPackageDetail>
        {
            ["p9"] = new() { PackageId = "p9", PackageStatus = TikTokPackageStatus.Processing, TrackingNumber = "T9", OrderLineItemIds = ["o1-L0", "other-order-line"] },
            ["p8"] = new() { PackageId = "p8", PackageStatus = TikTokPackageStatus.ToFulfill, OrderLineItemIds = ["o1-L1"] },
        };

        var updated = PackageUpdateRules.Apply(Order(), TestOrders.Order("o1", skus: ["A", "B"]), details, "SPLIT", Now)!;

        var recorded = updated.Packages.Single();
        Assert.That(recorded.PackageId, Is.EqualTo("p9"));
        Assert.That(recorded.Units, Is.EquivalentTo(new Dictionary<string, int> { ["A"] = 1 }));
        Assert.That(updated.State, Is.EqualTo(OrderState.Released), "B still needs a label");
    }

    [Test]
    public void An_address_change_counts_after_release_or_a_label_and_the_case_names_both_addresses()
    {
        var order = Order();
        var moved = order.Recipient! with { AddressLines = ["2 Side St"], PostalCode = "10002" };

        Assert.That(AddressRules.TakenByBackOffice(order), Is.True);
        Assert.That(AddressRules.TakenByBackOffice(order with { ReleasedAt = null }), Is.False);
        Assert.That(AddressRules.Same(order.Recipient, order.Recipient! with { AddressLines = ["1 Main St"] }), Is.True);
        Assert.That(AddressRules.Same(order.Recipient, moved), Is.False);
        Assert.That(AddressRules.CaseMessage(order, order.Recipient, moved), Does.Contain("1 Main St").And.Contain("2 Side St").And.Contain("o1"));
    }

    [TestCase("A6")]
    [TestCase("A5")]
    public void The_simulators_label_is_a_valid_PDF_with_its_text(string size)
    {
        var pdf = SimPdf.Create("UPS - TikTok Shipping", ["Tracking: 1Z999 (x)", "Ship to: Zoë"], size);

        Assert.That(PdfCheck.Problem(pdf), Is.Null);
        Assert.That(PdfCheck.Text(pdf), Does.Contain("Tracking: 1Z999 (x)").And.Contain("Zo?"));
    }
}
