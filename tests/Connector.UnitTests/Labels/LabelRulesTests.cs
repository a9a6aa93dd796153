using System.Text.Json;
using Connector.Fulfilment;
using Connector.Labels;
using Connector.Orders;
using Connector.Testing;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Labels;

public sealed class LabelRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 31, 10, 0, 0, TimeSpan.Zero);

    private static StoredOrder Order(OrderState state = OrderState.ReadyToFulfil, string shippingType = "TIKTOK") => new()
    {
        ShopId = "shop-1", OrderId = "o1", MerchantId = "m1", TikTokStatus = TikTokOrderStatus.AwaitingShipment, UpdateTime = 1, CreateTime = 1,
        Amounts = new OrderAmounts(null, null, null, null, null, null, null), State = state, StateReason = "r", ShippingType = shippingType,
        Lines = OrderMapper.AggregateLines(TestOrders.Order("o1", skus: ["A", "A", "B"]).LineItems),
    };

    private static LabelRequest Parse(object body, string orderId = "o1")
    {
        var (parsed, errors) = LabelRequestParser.Parse(orderId, JsonSerializer.SerializeToElement(body));
        Assert.That(errors, Is.Empty, string.Join("; ", errors.SelectMany(e => e.Value)));
        return parsed!;
    }

    private static Dictionary<string, string[]> Errors(object body) => LabelRequestParser.Parse("o1", JsonSerializer.SerializeToElement(body)).Errors;

    private static Label Label(string id, IReadOnlyList<ShipmentLine> lines, string? packageId = "pkg-1", string tracking = "T1") => new()
    {
        LabelId = id, MerchantId = "m1", IdempotencyKey = "k", RequestHash = "h", ShopId = "shop-1", OrderId = "o1", Lines = lines, Weight = new ParcelWeight(1, "POUND"),
        DocumentSize = "A6", PackageId = packageId, TrackingNumber = tracking,
        Service = new LabelService("svc", "USPS Ground Advantage", 4.5m, "USD", 2, 5, "prov-usps", "USPS", ServiceChoices.Cheapest),
    };

    [Test]
    public void A_request_converts_weights_and_sizes_to_TikToks_units()
    {
        var kilos = Parse(new { idempotencyKey = "k", weight = new { value = 1.25, unit = "kg" }, dimensions = new { length = 200, width = 100, height = 50, unit = "mm" } });
        var ounces = Parse(new { idempotencyKey = "k", weight = new { value = "8", unit = "OZ" } });

        Assert.That(kilos.Weight, Is.EqualTo(new ParcelWeight(1250m, TikTokUnits.Gram)));
        Assert.That(kilos.Dimensions, Is.EqualTo(new ParcelDimensions(20m, 10m, 5m, TikTokUnits.Centimetre)));
        Assert.That(ounces.Weight, Is.EqualTo(new ParcelWeight(0.5m, TikTokUnits.Pound)));
        Assert.That(ounces.Lines, Is.Null, "lines default to all");
    }

    [Test]
    public void Every_bad_field_is_named_at_once()
    {
        var errors = Errors(new
        {
            weight = new { value = -1, unit = "POUND" }, dimensions = new { length = 1, width = 1, unit = "INCH" }, lines = new[] { new { sku = "", quantity = 1 } },
            shippingServiceId = "bad id!", handoverMethod = "COURIER", labelSize = "A4", combineWith = new[] { "o1" }, colour = "red",
        });

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "idempotencyKey", "weight", "dimensions", "lines", "shippingServiceId", "handoverMethod", "labelSize", "combineWith", "colour" }));
    }

    [Test]
    public void Missing_weight_is_refused_and_the_same_parcel_hashes_the_same()
    {
        Assert.That(Errors(new { idempotencyKey = "k" }).Keys, Is.EquivalentTo(new[] { "weight" }));
        var a = Parse(new { idempotencyKey = "k", weight = new { value = 1, unit = "POUND" }, lines = new[] { new { sku = "A", quantity = 1 }, new { sku = "B", quantity = 1 } } });
        var b = Parse(new { idempotencyKey = "other", weight = new { value = "1", unit = "lb" }, lines = new[] { new { sku = "B", quantity = 1 }, new { sku = "A", quantity = 1 } } });
        var c = Parse(new { idempotencyKey = "k", weight = new { value = 2, unit = "POUND" } });

        Assert.That(a.Hash, Is.EqualTo(b.Hash));
        Assert.That(a.Hash, Is.Not.EqualTo(c.Hash));
    }

    [Test]
    public void Combined_parcels_hold_whole_orders()
    {
        Assert.That(Errors(new { idempotencyKey = "k", weight = new { value = 1, unit = "POUND" }, lines = new[] { new { sku = "A", quantity = 1 } }, combineWith = new[] { "o2" } }).Keys,
            Is.EquivalentTo(new[] { "lines" }));
    }

    [TestCase("SELLER", OrderState.ReadyToFulfil, "shipments")]
    [TestCase("TIKTOK", OrderState.Cancelled, "cancelled")]
    [TestCase("TIKTOK", OrderState.CancelledAfterRelease, "cancelled")]
    [TestCase("TIKTOK", OrderState.OnHold, "OnHold")]
    [TestCase("TIKTOK", OrderState.Pending, "Pending")]
    [TestCase("TIKTOK", OrderState.Shipped, "Shipped")]
    public void Orders_that_cannot_have_a_label_are_refused_with_the_reason(string shippingType, OrderState state, string reason)
    {
        var (_, refusal) = LabelRules.Decide(Order(state, shippingType), null, "lbl1");

        Assert.That(refusal, Is.Not.Null);
        Assert.That(refusal!.Status, Is.EqualTo(409));
        Assert.That(refusal.Detail, Does.Contain(reason));
    }

    [Test]
    public void Reserved_units_are_not_given_to_another_label_and_released_ones_are()
    {
        var reserved = LabelRules.Reserve(Order(), "lbl1", [new ShipmentLine("A", 2)], Now)!;

        Assert.That(LabelRules.Decide(reserved, null, "lbl2").Lines, Is.EqualTo(new[] { new ShipmentLine("B", 1) }));
        Assert.That(LabelRules.Decide(reserved, [new ShipmentLine("A", 1)], "lbl2").Refusal?.Detail, Does.Contain("A: 1 asked, 0 of 2 without a label"));
        Assert.That(LabelRules.Decide(reserved, null, "lbl1").Lines, Is.EquivalentTo(new[] { new ShipmentLine("A", 2), new ShipmentLine("B", 1) }), "its own reservation does not count");
        Assert.That(LabelRules.Reserve(reserved, "lbl1", [new ShipmentLine("A", 2)], Now), Is.Null, "reserving twice changes nothing");
        var released = LabelRules.Release(reserved, "lbl1", Now)!;
        Assert.That(released.Packages, Is.Empty);
        Assert.That(LabelRules.Release(released, "lbl1", Now), Is.Null);
    }

    [Test]
    public void A_bought_label_replaces_its_reservation_and_the_order_is_Shipped_when_every_unit_has_one()
    {
        var order = LabelRules.Reserve(Order(OrderState.Released), "lbl1", [new ShipmentLine("A", 2)], Now)!;
        var partial = LabelRules.Complete(order, Label("lbl1", [new ShipmentLine("A", 2)]), [new ShipmentLine("A", 2)], ["o1-L0", "o1-L1"], Now)!;

        Assert.That(partial.State, Is.EqualTo(OrderState.Released));
        Assert.That(partial.Packages.Single().Status, Is.EqualTo(TikTokPackageStatus.Processing));
        Assert.That(partial.Packages.Single().PackageId, Is.EqualTo("pkg-1"));
        Assert.That(LabelRules.Complete(partial, Label("lbl1", [new ShipmentLine("A", 2)]), [new ShipmentLine("A", 2)], ["o1-L0", "o1-L1"], Now), Is.Null, "recorded once");

        var full = LabelRules.Complete(partial, Label("lbl2", [new ShipmentLine("B", 1)], "pkg-2", "T2"), [new ShipmentLine("B", 1)], ["o1-L2"], Now)!;
        Assert.That(full.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(full.History.Last().State, Is.EqualTo(OrderState.Shipped));
        Assert.That(full.TrackingNumber, Is.EqualTo("T2"));
        Assert.That(full.Packages, Has.Count.EqualTo(2));
    }

    [Test]
    public void The_service_is_the_one_asked_for_else_the_shops_default_else_the_cheapest()
    {
        TikTokShippingService[] offered =
        [
            new() { Id = "ups", Price = 7.5m, LatestDeliveryDays = 5, IsDefault = true },
            new() { Id = "usps", Price = 5.2m, LatestDeliveryDays = 5 },
            new() { Id = "usps-fast", Price = 5.2m, LatestDeliveryDays = 3 },
        ];

        Assert.That(LabelRules.ChooseService(offered, "ups", null), Is.EqualTo((offered[0], ServiceChoices.Requested, (string?)null)));
        Assert.That(LabelRules.ChooseService(offered, null, "ups").Choice, Is.EqualTo(ServiceChoices.ShopDefault));
        Assert.That(LabelRules.ChooseService(offered, null, "gone").Service!.Id, Is.EqualTo("usps-fast"), "cheapest, then fastest");
        Assert.That(LabelRules.ChooseService(offered, "nope", null).Problem, Does.Contain("not offered"));
        Assert.That(LabelRules.ChooseService([], null, null).Problem, Does.Contain("no shipping service"));
    }

    [Test]
    public void The_handover_is_the_one_asked_for_where_allowed_else_drop_off_else_the_first_free_pickup_slot()
    {
        var start = Now.AddDays(1).ToUnixTimeSeconds();
        var slots = new TikTokHandoverTimeSlots
        {
            CanPickup = true, CanDropOff = true,
            PickupSlots = [new() { StartTime = start, EndTime = start + 3600, Available = false }, new() { StartTime = start + 7200, EndTime = start + 9000, Available = true }],
        };

        Assert.That(LabelRules.ChooseHandover(slots, null, null, Now).Method, Is.EqualTo(TikTokHandoverMethods.DropOff));
        var pickup = LabelRules.ChooseHandover(slots, "PICKUP", null, Now);
        Assert.That(pickup.Slot!.StartTime, Is.EqualTo(start + 7200), "the first available slot");
        Assert.That(LabelRules.ChooseHandover(slots, null, "PICKUP", Now).Method, Is.EqualTo("PICKUP"), "the shop's setting");
        Assert.That(LabelRules.ChooseHandover(slots with { CanDropOff = false }, null, null, Now).Method, Is.EqualTo("PICKUP"));
        Assert.That(LabelRules.ChooseHandover(slots with { CanDropOff = false }, "DROP_OFF", null, Now).Problem, Does.Contain("does not allow drop-off"));
        Assert.That(LabelRules.ChooseHandover(new TikTokHandoverTimeSlots(), null, null, Now).Problem, Is.Not.Null);
    }

    [Test]
    public void Units_in_no_package_are_created_all_of_one_TikTok_package_shipped_and_some_of_it_split_off()
    {
        var order = TestOrders.Order("o1", skus: ["A", "A", "B"]);
        var (ids, shortage) = LabelRules.ChooseLineItems(order, [new ShipmentLine("A", 2)]);

        Assert.That(shortage, Is.Null);
        Assert.That(ids, Is.EqualTo(new[] { "o1-L0", "o1-L1" }));
        Assert.That(LabelRules.Flow(order, ids).Flow, Is.EqualTo(LabelFlow.CreatePackage));
        Assert.That(LabelRules.ChooseLineItems(order, [new ShipmentLine("A", 3)]).Shortage, Does.Contain("A: 3 asked, 2"));

        var packaged = order with { LineItems = order.LineItems.Select(l => l with { PackageId = "p1", PackageStatus = TikTokPackageStatus.ToFulfill }).ToArray() };
        Assert.That(LabelRules.Flow(packaged, ["o1-L0", "o1-L1", "o1-L2"]), Is.EqualTo((LabelFlow.ShipPackage, (string?)"p1", (string?)null)));
        Assert.That(LabelRules.Flow(packaged, ["o1-L0"]).Flow, Is.EqualTo(LabelFlow.SplitPackage));

        var shipped = order with { LineItems = order.LineItems.Select((l, i) => i == 0 ? l with { PackageId = "p0", PackageStatus = TikTokPackageStatus.Processing } : l).ToArray() };
        Assert.That(LabelRules.ChooseLineItems(shipped, [new ShipmentLine("A", 1)]).Ids, Is.EqualTo(new[] { "o1-L1" }), "a unit in a shipped package is never taken again");
    }
}
