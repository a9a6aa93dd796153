using Connector.Fulfilment;
using Connector.Http;
using Connector.Orders;
using Connector.Testing;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Fulfilment;

public sealed class ShipmentRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 31, 10, 0, 0, TimeSpan.Zero);

    private static StoredOrder Order(OrderState state = OrderState.ReadyToFulfil) => new()
    {
        ShopId = "shop-1", OrderId = "o1", MerchantId = "m1", TikTokStatus = TikTokOrderStatus.AwaitingShipment, UpdateTime = 1, CreateTime = 1,
        Amounts = new OrderAmounts(null, null, null, null, null, null, null), State = state, StateReason = "r",
        Lines = OrderMapper.AggregateLines(TestOrders.Order("o1", skus: ["A", "A", "B"]).LineItems),
    };

    private static CreateShipment Parse(object? lines)
    {
        var reader = Requests.Reader(new { orderId = "o1", lines, carrier = "Royal Mail", trackingNumber = "T1", shippedAt = Now.ToString("O"), idempotencyKey = "k1" }, Now);
        var parsed = CreateShipment.Bind(reader, "m1");
        Assert.That(reader.Errors, Is.Empty);
        return parsed;
    }

    private static Shipment Shipment(ShipmentAction action, params ShipmentLine[] lines) => new()
    {
        ShipmentId = "s" + string.Join("-", lines.Select(l => l.Sku + l.Quantity)) + action, MerchantId = "m1", IdempotencyKey = "k", RequestHash = "h", ShopId = "shop-1", OrderId = "o1", Lines = lines,
        Action = action, Carrier = "Royal Mail", TrackingNumber = "T1", ShippedAt = Now, PackageId = "pkg", ShippingProviderId = "p", LineItemIds = ["x"],
    };

    [Test]
    public void All_ships_every_unshipped_unit()
    {
        var (action, lines, refusal) = ShipmentRules.Decide(Order(), Parse("all"));

        Assert.That(refusal, Is.Null);
        Assert.That(action, Is.EqualTo(ShipmentAction.CreatePackage));
        Assert.That(lines, Is.EquivalentTo(new[] { new ShipmentLine("A", 2), new ShipmentLine("B", 1) }));
    }

    [Test]
    public void More_units_than_are_unshipped_are_refused()
    {
        var order = ShipmentWorker.Apply(Order(), Shipment(ShipmentAction.CreatePackage, new ShipmentLine("A", 1)), Now)!;

        var (_, _, refusal) = ShipmentRules.Decide(order, Parse(new[] { new { sku = "A", quantity = 2 } }));

        Assert.That(refusal?.Detail, Does.Contain("A: 2 asked, 1 of 2 unshipped"));
    }

    [TestCase(OrderState.Pending)]
    [TestCase(OrderState.OnHold)]
    [TestCase(OrderState.Cancelled)]
    [TestCase(OrderState.CancelledAfterRelease)]
    public void Orders_not_ready_or_released_cannot_be_shipped(OrderState state) =>
        Assert.That(ShipmentRules.Decide(Order(state), Parse("all")).Refusal, Is.Not.Null);

    [Test]
    public void Platform_shipped_orders_cannot_be_shipped() =>
        Assert.That(ShipmentRules.Decide(Order() with { ShippedByPlatform = true }, Parse("all")).Refusal?.Detail, Does.Contain("fulfilled by TikTok"));

    [Test]
    public void TikTok_Shipping_orders_are_sent_to_the_labels_endpoint() =>
        Assert.That(ShipmentRules.Decide(Order() with { ShippingType = "TIKTOK" }, Parse("all")).Refusal?.Detail, Does.Contain("/labels"));

    [Test]
    public void The_order_becomes_Shipped_with_a_history_entry_once_every_unit_is_in_a_package()
    {
        var partial = ShipmentWorker.Apply(Order(OrderState.Released), Shipment(ShipmentAction.CreatePackage, new ShipmentLine("A", 2)), Now)!;
        var full = ShipmentWorker.Apply(partial, Shipment(ShipmentAction.CreatePackage, new ShipmentLine("B", 1)), Now)!;

        Assert.That(partial.State, Is.EqualTo(OrderState.Released));
        Assert.That(partial.UnshippedUnits("B"), Is.EqualTo(1));
        Assert.That(full.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(full.History.Last().State, Is.EqualTo(OrderState.Shipped));
        Assert.That(full.Packages, Has.Count.EqualTo(2));
    }

    [Test]
    public void The_same_units_as_an_earlier_package_are_a_tracking_update()
    {
        var shipped = ShipmentWorker.Apply(Order(), Shipment(ShipmentAction.CreatePackage, new ShipmentLine("A", 2), new ShipmentLine("B", 1)), Now)!;

        var (action, _, refusal) = ShipmentRules.Decide(shipped, Parse(new[] { new { sku = "A", quantity = 2 }, new { sku = "B", quantity = 1 } }));

        Assert.That(refusal, Is.Null);
        Assert.That(action, Is.EqualTo(ShipmentAction.UpdateTracking));
    }

    [Test]
    public void Applying_the_same_shipment_twice_changes_nothing_the_second_time()
    {
        var shipment = Shipment(ShipmentAction.CreatePackage, new ShipmentLine("A", 1));
        var once = ShipmentWorker.Apply(Order(), shipment, Now)!;

        Assert.That(ShipmentWorker.Apply(once, shipment, Now), Is.Null);
    }

    [Test]
    public void Line_items_are_chosen_per_unit_among_those_not_yet_in_a_package()
    {
        var order = TestOrders.Order("o1", skus: ["A", "A", "A", "B"]);
        order.LineItems[0].PackageId = "pkg-1";

        var (ids, shortage) = ShipmentWorker.ChooseLineItems(order, [new ShipmentLine("A", 2), new ShipmentLine("B", 1)]);
        var (_, tooMany) = ShipmentWorker.ChooseLineItems(order, [new ShipmentLine("A", 3)]);

        Assert.That(shortage, Is.Null);
        Assert.That(ids, Is.EquivalentTo(new[] { "o1-L1", "o1-L2", "o1-L3" }));
        Assert.That(tooMany, Does.Contain("A: 3 asked, 2 unshipped"));
    }
}
