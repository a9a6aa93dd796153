using Connector.Orders;
using Connector.Testing;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Orders;

/// <summary>CancellationRequested in the order state machine: a buyer's request the warehouse sees before it picks.</summary>
public sealed class OrderCancellationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = Now.AddHours(48);

    private static StoredOrder Import(TikTokOrder order, StoredOrder? previous = null) =>
        ((OrderDecision.Store)OrderRules.Apply(order, previous, "shop-1", "merchant-1", [], new OrderImportSettings(), OrderSources.Poll, Now)).Order;

    private static StoredOrder Released(StoredOrder order) => order with { State = OrderState.Released, StateReason = "Taken by the back office.", ReleasedAt = Now };

    [Test]
    public void A_buyers_request_makes_a_ready_order_CancellationRequested_with_the_reason_and_TikToks_deadline()
    {
        var ready = Import(TestOrders.Order("o1", skus: ["A"]));

        var requested = OrderRules.RequestCancellation(ready, "c1", "ecom_order_to_ship_canceled_reason_no_longer_needed", "No longer needed", Deadline, Now)!;

        Assert.That(requested.State, Is.EqualTo(OrderState.CancellationRequested));
        Assert.That(requested.StateReason, Does.Contain("No longer needed").And.Contain(Deadline.ToString("u")));
        Assert.That(requested.CancellationRequest!.StateBefore, Is.EqualTo(OrderState.ReadyToFulfil));
        Assert.That(requested.CancellationRequest.Deadline, Is.EqualTo(Deadline));
        Assert.That(requested.History.Last().State, Is.EqualTo(OrderState.CancellationRequested));
    }

    [TestCase(OrderState.Shipped)]
    [TestCase(OrderState.Cancelled)]
    [TestCase(OrderState.Completed)]
    public void A_request_does_not_change_an_order_past_picking(OrderState state)
    {
        var order = Import(TestOrders.Order("o1", skus: ["A"])) with { State = state };

        Assert.That(OrderRules.RequestCancellation(order, "c1", null, null, Deadline, Now), Is.Null);
    }

    [Test]
    public void A_rejected_or_withdrawn_request_puts_the_order_back_where_it_was()
    {
        var released = Released(Import(TestOrders.Order("o1", skus: ["A"])));
        var requested = OrderRules.RequestCancellation(released, "c1", null, "No longer needed", Deadline, Now)!;

        var back = OrderRules.CancellationClosed(requested, "The cancellation request was rejected.", Now.AddHours(1))!;

        Assert.That(back.State, Is.EqualTo(OrderState.Released));
        Assert.That(back.StateReason, Does.StartWith("The cancellation request was rejected.").And.Contain("Taken by the back office."));
        Assert.That(back.CancellationRequest, Is.Null);
    }

    [Test]
    public void The_order_pull_keeps_a_requested_order_requested_while_TikTok_still_has_it_open()
    {
        var ready = Import(TestOrders.Order("o1", updateTime: 1_700_000_000, skus: ["A"]));
        var requested = OrderRules.RequestCancellation(ready, "c1", null, "No longer needed", Deadline, Now)!;
        var newer = TestOrders.Order("o1", updateTime: 1_700_000_100, skus: ["A"]);
        newer.IsBuyerRequestCancel = true;

        var pulled = Import(newer, requested);

        Assert.That(pulled.State, Is.EqualTo(OrderState.CancellationRequested));
        Assert.That(pulled.CancellationRequest!.CancelId, Is.EqualTo("c1"));
        Assert.That(pulled.CancellationRequest.Deadline, Is.EqualTo(Deadline));
    }

    [Test]
    public void The_order_pull_alone_marks_an_order_whose_buyer_asked_to_cancel()
    {
        var order = TestOrders.Order("o1", skus: ["A"]);
        order.IsBuyerRequestCancel = true;

        var stored = Import(order);

        Assert.That(stored.State, Is.EqualTo(OrderState.CancellationRequested));
        Assert.That(stored.CancellationRequest!.StateBefore, Is.EqualTo(OrderState.ReadyToFulfil));
    }

    [Test]
    public void TikTok_cancelling_a_released_order_the_back_office_approved_is_Cancelled_without_a_stop_the_shipment_case()
    {
        var released = Released(Import(TestOrders.Order("o1", updateTime: 1_700_000_000, skus: ["A"])));
        var approved = OrderRules.CancellationApproved(OrderRules.RequestCancellation(released, "c1", null, null, Deadline, Now)!, "back office (key default)", Now)!;

        var decision = (OrderDecision.Store)OrderRules.Apply(TestOrders.Order("o1", TikTokOrderStatus.Cancelled, 1_700_000_100, "A"), approved, "shop-1", "merchant-1", [],
            new OrderImportSettings(), OrderSources.Webhook, Now);

        Assert.That(decision.Order.State, Is.EqualTo(OrderState.Cancelled));
        Assert.That(decision.NeedsSupportCase, Is.False);
        Assert.That(decision.Order.CancellationRequest, Is.Null);
    }

    [Test]
    public void TikTok_cancelling_a_released_order_nobody_answered_in_time_is_CancelledAfterRelease_with_a_case()
    {
        var released = Released(Import(TestOrders.Order("o1", updateTime: 1_700_000_000, skus: ["A"])));
        var requested = OrderRules.RequestCancellation(released, "c1", null, null, Deadline, Now)!;

        var decision = (OrderDecision.Store)OrderRules.Apply(TestOrders.Order("o1", TikTokOrderStatus.Cancelled, 1_700_000_100, "A"), requested, "shop-1", "merchant-1", [],
            new OrderImportSettings(), OrderSources.Webhook, Now);

        Assert.That(decision.Order.State, Is.EqualTo(OrderState.CancelledAfterRelease));
        Assert.That(decision.NeedsSupportCase, Is.True);
    }

    [Test]
    public void An_approval_TikTok_did_not_take_opens_the_request_again()
    {
        var released = Released(Import(TestOrders.Order("o1", skus: ["A"])));
        var approved = OrderRules.CancellationApproved(OrderRules.RequestCancellation(released, "c1", null, "No longer needed", Deadline, Now)!, "back office", Now)!;

        var open = OrderRules.CancellationApprovalUndone(approved, Now.AddMinutes(1))!;

        Assert.That(approved.StateReason, Does.Contain("approved by back office"));
        Assert.That(open.State, Is.EqualTo(OrderState.CancellationRequested));
        Assert.That(open.CancellationRequest!.ApprovedAt, Is.Null);
        Assert.That(open.StateReason, Does.Contain("No longer needed"));
        Assert.That(OrderRules.CancellationApprovalUndone(open, Now), Is.Null, "nothing to undo");
    }

    [Test]
    public void A_seller_cancellation_holds_the_order_until_TikTok_confirms_and_then_needs_no_case()
    {
        var released = Released(Import(TestOrders.Order("o1", updateTime: 1_700_000_000, skus: ["A"])));

        var cancelling = OrderRules.SellerCancelling(released, "seller_cancel_reason_out_of_stock", "back office", Now)!;
        var decision = (OrderDecision.Store)OrderRules.Apply(TestOrders.Order("o1", TikTokOrderStatus.Cancelled, 1_700_000_100, "A"), cancelling, "shop-1", "merchant-1", [],
            new OrderImportSettings(), OrderSources.Poll, Now);

        Assert.That(cancelling.State, Is.EqualTo(OrderState.CancellationRequested));
        Assert.That(cancelling.StateReason, Does.Contain("Do not ship"));
        Assert.That(decision.Order.State, Is.EqualTo(OrderState.Cancelled));
        Assert.That(decision.Order.StateReason, Does.Contain("as the back office asked"));
        Assert.That(decision.NeedsSupportCase, Is.False);
    }

    [Test]
    public void Cancelled_units_of_a_partly_cancelled_order_are_not_units_to_ship()
    {
        var order = TestOrders.Order("o1", skus: ["A", "A", "B"]);
        order.LineItems[0].DisplayStatus = TikTokOrderStatus.Cancelled;

        var stored = Import(order);

        Assert.That(stored.Lines.Single(l => l.Sku == "A").CancelledQuantity, Is.EqualTo(1));
        Assert.That(stored.Units("A"), Is.EqualTo(1));
        Assert.That(stored.Units("B"), Is.EqualTo(1));
    }
}
