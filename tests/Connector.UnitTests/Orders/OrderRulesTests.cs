using Connector.Orders;
using Connector.Testing;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Orders;

public sealed class OrderRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly OrderImportSettings Defaults = new();

    private static OrderDecision Apply(TikTokOrder order, StoredOrder? previous = null, string[]? missing = null, OrderImportSettings? settings = null) =>
        OrderRules.Apply(order, previous, "shop-1", "merchant-1", missing ?? [], settings ?? Defaults, OrderSources.Poll, Now);

    private static StoredOrder Stored(OrderDecision decision) => ((OrderDecision.Store)decision).Order;

    [Test]
    public void Units_of_one_SKU_are_added_up_into_one_line_with_exact_prices()
    {
        var order = TestOrders.Order("o1", skus: ["A", "A", "B", "A"]);

        var stored = Stored(Apply(order));

        Assert.That(stored.Lines.Select(l => (l.Sku, l.Quantity)), Is.EqualTo(new[] { ("A", 3), ("B", 1) }));
        Assert.That(stored.Lines[0].UnitPrice, Is.EqualTo(19.99m));
        Assert.That(stored.Lines[0].LineItemIds, Has.Count.EqualTo(3));
        Assert.That(stored.Amounts.Total, Is.EqualTo(19.99m * 4 + 4.10m));
        Assert.That(stored.Recipient!.City, Is.EqualTo("New York City"));
        Assert.That(stored.Recipient.State, Is.EqualTo("New York"));
    }

    [Test]
    public void Order_with_every_SKU_known_is_ready_to_fulfil()
    {
        Assert.That(Stored(Apply(TestOrders.Order("o1", skus: ["A"]))).State, Is.EqualTo(OrderState.ReadyToFulfil));
    }

    [Test]
    public void Order_with_unknown_SKU_is_pending_naming_the_missing_SKUs()
    {
        var stored = Stored(Apply(TestOrders.Order("o1", skus: ["A", "B"]), missing: ["B"]));

        Assert.That(stored.State, Is.EqualTo(OrderState.Pending));
        Assert.That(stored.MissingSkus, Is.EqualTo(new[] { "B" }));
        Assert.That(stored.StateReason, Does.Contain("B"));
    }

    [Test]
    public void Pending_order_becomes_ready_when_its_SKUs_arrive()
    {
        var pending = Stored(Apply(TestOrders.Order("o1", skus: ["B"]), missing: ["B"]));

        var ready = OrderRules.Reevaluate(pending, [], Now.AddMinutes(5));

        Assert.That(ready!.State, Is.EqualTo(OrderState.ReadyToFulfil));
        Assert.That(ready.MissingSkus, Is.Empty);
        Assert.That(ready.History.Select(h => h.State), Is.EqualTo(new[] { OrderState.Pending, OrderState.ReadyToFulfil }));
    }

    [Test]
    public void On_hold_order_is_stored_on_hold_and_skipped_when_the_shop_waits_for_release()
    {
        var order = TestOrders.Order("o1", TikTokOrderStatus.OnHold, skus: ["A"]);

        Assert.That(Stored(Apply(order)).State, Is.EqualTo(OrderState.OnHold));
        Assert.That(Apply(order, settings: new OrderImportSettings { ImportOnHoldOrders = false }), Is.TypeOf<OrderDecision.Skip>());
    }

    [Test]
    public void Older_update_never_overwrites_a_newer_one()
    {
        var newer = Stored(Apply(TestOrders.Order("o1", TikTokOrderStatus.Cancelled, updateTime: 2_000, skus: ["A"])));

        var decision = Apply(TestOrders.Order("o1", TikTokOrderStatus.AwaitingShipment, updateTime: 1_000, skus: ["A"]), newer);

        Assert.That(decision, Is.TypeOf<OrderDecision.Unchanged>());
    }

    [Test]
    public void Cancellation_before_release_is_cancelled_and_after_release_opens_a_case()
    {
        var ready = Stored(Apply(TestOrders.Order("o1", updateTime: 1_000, skus: ["A"])));
        var released = ready with { State = OrderState.Released, StateReason = "Taken by the back office." };
        var cancelled = TestOrders.Order("o1", TikTokOrderStatus.Cancelled, updateTime: 2_000, skus: ["A"]);

        var beforeRelease = (OrderDecision.Store)Apply(cancelled, ready);
        var afterRelease = (OrderDecision.Store)Apply(cancelled, released);

        Assert.That(beforeRelease.Order.State, Is.EqualTo(OrderState.Cancelled));
        Assert.That(beforeRelease.NeedsSupportCase, Is.False);
        Assert.That(afterRelease.Order.State, Is.EqualTo(OrderState.CancelledAfterRelease));
        Assert.That(afterRelease.NeedsSupportCase, Is.True);
    }

    [Test]
    public void Platform_shipped_order_is_skipped_by_default_and_never_ready_when_imported()
    {
        var order = TestOrders.Order("o1", skus: ["A"]) with { FulfillmentType = TikTokFulfillmentType.ByTikTok };

        Assert.That(Apply(order), Is.TypeOf<OrderDecision.Skip>());
        var imported = Stored(Apply(order, settings: new OrderImportSettings { ImportPlatformShippedOrders = true }));
        Assert.That(imported.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(imported.ShippedByPlatform, Is.True);
    }

    [Test]
    public void A_TikTok_Shipping_order_is_ready_to_fulfil_like_a_seller_shipping_one()
    {
        var order = TestOrders.Order("o1", skus: ["A"]) with { ShippingType = "TIKTOK", FulfillmentType = "FULFILLMENT_BY_SELLER" };

        var imported = Stored(Apply(order));

        Assert.That(imported.State, Is.EqualTo(OrderState.ReadyToFulfil));
        Assert.That(imported.ShippedByPlatform, Is.False);
        Assert.That(imported.ShippingType, Is.EqualTo("TIKTOK"));
    }

    [Test]
    public void Released_order_stays_released_while_TikTok_still_awaits_shipment()
    {
        var ready = Stored(Apply(TestOrders.Order("o1", updateTime: 1_000, skus: ["A"])));
        var released = ready with { State = OrderState.Released };

        var next = Stored(Apply(TestOrders.Order("o1", TikTokOrderStatus.AwaitingCollection, updateTime: 2_000, skus: ["A"]), released));

        Assert.That(next.State, Is.EqualTo(OrderState.Released));
    }

    [Test]
    public void Unpaid_order_is_not_imported()
    {
        Assert.That(Apply(TestOrders.Order("o1", TikTokOrderStatus.Unpaid, skus: ["A"])), Is.TypeOf<OrderDecision.Skip>());
    }
}
