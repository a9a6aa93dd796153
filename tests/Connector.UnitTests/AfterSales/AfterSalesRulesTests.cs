using Connector.AfterSales;
using Connector.Orders;
using Connector.Testing;
using Connector.TikTok.Api;

namespace Connector.UnitTests.AfterSales;

public sealed class AfterSalesRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static TikTokCancellation Cancellation(string status = TikTokCancelStatus.Pending, long updateTime = 100, string type = TikTokCancelType.BuyerCancel, string role = "BUYER") => new()
    {
        CancelId = "c1", OrderId = "o1", CancelType = type, CancelStatus = status, Role = role, CancelReason = "reason", CancelReasonText = "No longer needed",
        CreateTime = 50, UpdateTime = updateTime,
        SellerNextActionResponse = status == TikTokCancelStatus.Pending ? [new TikTokNextAction { Action = "SELLER_RESPOND_CANCEL", Deadline = 1_800_000_000 }] : [],
        RefundAmount = new TikTokRefundAmount { Currency = "GBP", RefundTotal = 23.97m },
        CancelLineItems =
        [
            new TikTokCancelLineItem { OrderLineItemId = "l1", SkuId = "s1", SellerSku = "MUG", RefundAmount = new TikTokRefundAmount { RefundTotal = 9.99m } },
            new TikTokCancelLineItem { OrderLineItemId = "l2", SkuId = "s1", SellerSku = "MUG", RefundAmount = new TikTokRefundAmount { RefundTotal = 9.99m } },
            new TikTokCancelLineItem { OrderLineItemId = "l3", SkuId = "s2", SellerSku = "POT", RefundAmount = new TikTokRefundAmount { RefundTotal = 3.99m } },
        ],
    };

    private static TikTokReturn Return(string status, string type = TikTokReturnType.ReturnAndRefund, long updateTime = 100) => new()
    {
        ReturnId = "r1", OrderId = "o1", ReturnType = type, ReturnStatus = status, Role = "BUYER", CreateTime = 50, UpdateTime = updateTime,
        RefundAmount = new TikTokRefundAmount { Currency = "GBP", RefundTotal = 9.99m },
        ReturnLineItems = [new TikTokReturnLineItem { OrderLineItemId = "l1", SellerSku = "MUG", RefundAmount = new TikTokRefundAmount { RefundTotal = 9.99m } }],
    };

    private static AfterSalesRequest Store(TikTokCancellation c, AfterSalesRequest? previous = null) => AfterSalesRules.FromCancellation(c, previous, "m1", "s1", "webhook", Now)!;

    private static AfterSalesRequest Store(TikTokReturn r, AfterSalesRequest? previous = null) => AfterSalesRules.FromReturn(r, null, previous, "m1", "s1", "webhook", Now)!;

    [Test]
    public void A_buyers_pending_cancellation_is_Requested_with_its_deadline_and_lines_per_SKU()
    {
        var request = Store(Cancellation());

        Assert.That(request.State, Is.EqualTo(AfterSalesState.Requested));
        Assert.That(request.AwaitsSeller, Is.True);
        Assert.That(request.Deadline, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)));
        Assert.That(request.Lines.Select(l => (l.Sku, l.Quantity, l.RefundTotal)), Is.EqualTo(new[] { ("MUG", 2, (decimal?)19.98m), ("POT", 1, (decimal?)3.99m) }));
        Assert.That(AfterSalesRules.Allowed(request), Is.EqualTo(new[] { AfterSalesAction.Approve, AfterSalesAction.Reject }));
        Assert.That(request.StateReason, Does.Contain("No longer needed").And.Contain("Approve or reject"));
    }

    [TestCase(TikTokCancelStatus.Success, AfterSalesState.Approved)]
    [TestCase(TikTokCancelStatus.Complete, AfterSalesState.Completed)]
    [TestCase(TikTokCancelStatus.Cancelled, AfterSalesState.Closed)]
    [TestCase(TikTokCancelStatus.CancelledFilterSpelling, AfterSalesState.Closed)]
    public void TikToks_cancellation_statuses_map_to_states(string status, AfterSalesState state) =>
        Assert.That(Store(Cancellation(status)).State, Is.EqualTo(state));

    [Test]
    public void A_closed_cancellation_the_seller_rejected_is_Rejected()
    {
        var pending = Store(Cancellation());
        var answered = pending with { Decisions = [new AfterSalesDecision(AfterSalesAction.Reject, "REJECT", "r", null, "bo", Now, null)] };

        Assert.That(Store(Cancellation(TikTokCancelStatus.Cancelled, 200), answered).State, Is.EqualTo(AfterSalesState.Rejected));
    }

    [Test]
    public void An_older_version_never_overwrites_a_newer_one()
    {
        var newer = Store(Cancellation(TikTokCancelStatus.Complete, 200));

        Assert.That(AfterSalesRules.FromCancellation(Cancellation(TikTokCancelStatus.Pending, 100), newer, "m1", "s1", "poll", Now), Is.Null);
    }

    [TestCase(TikTokReturnStatus.Pending, AfterSalesState.Requested)]
    [TestCase(TikTokReturnStatus.AwaitingBuyerShip, AfterSalesState.AwaitingBuyerReturn)]
    [TestCase(TikTokReturnStatus.BuyerShippedItem, AfterSalesState.ReturnShipped)]
    [TestCase(TikTokReturnStatus.Success, AfterSalesState.Approved)]
    [TestCase(TikTokReturnStatus.Complete, AfterSalesState.Completed)]
    [TestCase(TikTokReturnStatus.Rejected, AfterSalesState.Rejected)]
    [TestCase(TikTokReturnStatus.RejectReceivePackage, AfterSalesState.Rejected)]
    [TestCase(TikTokReturnStatus.Cancelled, AfterSalesState.Closed)]
    [TestCase(TikTokReturnStatus.AwaitingBuyerResponse, AfterSalesState.AwaitingBuyerResponse)]
    [TestCase(TikTokReturnStatus.ReplacementPending, AfterSalesState.Requested)]
    [TestCase(TikTokReturnStatus.ReplacementComplete, AfterSalesState.Completed)]
    public void TikToks_return_statuses_map_to_states(string status, AfterSalesState state) =>
        Assert.That(Store(Return(status)).State, Is.EqualTo(state));

    [TestCase(TikTokReturnType.Refund, AfterSalesAction.Approve, "APPROVE_REFUND")]
    [TestCase(TikTokReturnType.ReturnAndRefund, AfterSalesAction.Approve, "APPROVE_RETURN")]
    [TestCase(TikTokReturnType.Replacement, AfterSalesAction.Approve, "APPROVE_REPLACEMENT")]
    [TestCase(TikTokReturnType.Refund, AfterSalesAction.Reject, "REJECT_REFUND")]
    [TestCase(TikTokReturnType.ReturnAndRefund, AfterSalesAction.Reject, "REJECT_RETURN")]
    [TestCase(TikTokReturnType.Replacement, AfterSalesAction.Reject, "REJECT_REPLACEMENT")]
    public void A_pending_request_is_answered_with_TikToks_decision_for_its_type(string type, AfterSalesAction action, string decision) =>
        Assert.That(AfterSalesRules.ReturnDecision(Store(Return(TikTokReturnStatus.Pending, type)), action), Is.EqualTo(decision));

    [Test]
    public void A_returned_parcel_is_received_or_rejected_with_the_received_package_decisions()
    {
        var back = Store(Return(TikTokReturnStatus.BuyerShippedItem));

        Assert.That(AfterSalesRules.Allowed(back), Is.EqualTo(new[] { AfterSalesAction.Receive, AfterSalesAction.Reject }));
        Assert.That(AfterSalesRules.ReturnDecision(back, AfterSalesAction.Receive), Is.EqualTo("APPROVE_RECEIVED_PACKAGE"));
        Assert.That(AfterSalesRules.ReturnDecision(back, AfterSalesAction.Reject), Is.EqualTo("REJECT_RECEIVED_PACKAGE"));
    }

    [Test]
    public void Answering_twice_or_out_of_turn_is_refused_with_what_happened()
    {
        var approved = Store(Return(TikTokReturnStatus.AwaitingBuyerShip)) with
        {
            Decisions = [new AfterSalesDecision(AfterSalesAction.Approve, "APPROVE_RETURN", null, null, "back office (key default)", Now, null)],
        };

        var why = AfterSalesRules.WhyNot(approved, AfterSalesAction.Approve);

        Assert.That(why, Does.Contain("AwaitingBuyerReturn").And.Contain("nothing to answer").And.Contain("back office (key default)"));
        Assert.That(AfterSalesRules.WhyNot(Store(Return(TikTokReturnStatus.Pending)), AfterSalesAction.Receive), Does.Contain("Approve or Reject"));
    }

    [Test]
    public void Auto_approval_answers_only_buyer_cancellations_of_orders_the_back_office_has_not_taken()
    {
        var request = Store(Cancellation());
        var ready = ((OrderDecision.Store)OrderRules.Apply(TestOrders.Order("o1", skus: ["A"]), null, "s1", "m1", [], new OrderImportSettings(), OrderSources.Poll, Now)).Order;
        var requested = OrderRules.RequestCancellation(ready, "c1", null, null, null, Now)!;
        var released = ready with { State = OrderState.Released, ReleasedAt = Now };

        Assert.That(AfterSalesRules.ShouldAutoApprove(request, ready, new AfterSalesSettings()), Is.True);
        Assert.That(AfterSalesRules.ShouldAutoApprove(request, requested, new AfterSalesSettings()), Is.True);
        Assert.That(AfterSalesRules.ShouldAutoApprove(request, released, new AfterSalesSettings()), Is.False, "released: the back office answers");
        Assert.That(AfterSalesRules.ShouldAutoApprove(request, OrderRules.RequestCancellation(released, "c1", null, null, null, Now), new AfterSalesSettings()), Is.False);
        Assert.That(AfterSalesRules.ShouldAutoApprove(request, ready, new AfterSalesSettings { AutoApproveBuyerCancellations = false }), Is.False, "setting off");
        Assert.That(AfterSalesRules.ShouldAutoApprove(request, null, new AfterSalesSettings()), Is.False, "order not stored yet");
        Assert.That(AfterSalesRules.ShouldAutoApprove(Store(Cancellation(type: TikTokCancelType.Cancel, role: "SELLER")), ready, new AfterSalesSettings()), Is.False);
    }

    [Test]
    public void The_orders_summary_adds_TikToks_refunds_of_approved_requests_per_order_and_SKU_and_pending_ones_apart()
    {
        var refunded = Store(Return(TikTokReturnStatus.Complete)) with { RequestId = "r1" };
        var pending = Store(Return(TikTokReturnStatus.Pending, TikTokReturnType.Refund)) with { RequestId = "r2" };
        var rejected = Store(Return(TikTokReturnStatus.Rejected)) with { RequestId = "r3" };

        var summary = AfterSalesRules.Summarize([refunded, pending, rejected]);

        Assert.That(summary.RefundedTotal, Is.EqualTo(9.99m));
        Assert.That(summary.PendingRefundTotal, Is.EqualTo(9.99m));
        Assert.That(summary.Currency, Is.EqualTo("GBP"));
        Assert.That(summary.RefundedLines, Is.EqualTo(new[] { new OrderLineRefund("MUG", 1, 9.99m) }));
        Assert.That(summary.Requests.Select(r => (r.RequestId, r.State)), Is.EquivalentTo(new[] { ("r1", "Completed"), ("r2", "Requested"), ("r3", "Rejected") }));
    }

    [Test]
    public void A_request_close_to_its_deadline_is_near_it()
    {
        var request = Store(Cancellation()) with { Deadline = Now.AddHours(6) };

        Assert.That(AfterSalesRules.NearDeadline(request, Now, TimeSpan.FromHours(12)), Is.True);
        Assert.That(AfterSalesRules.NearDeadline(request, Now, TimeSpan.FromHours(2)), Is.False);
        Assert.That(AfterSalesRules.NearDeadline(request with { State = AfterSalesState.Approved }, Now, TimeSpan.FromHours(12)), Is.False);
    }
}
