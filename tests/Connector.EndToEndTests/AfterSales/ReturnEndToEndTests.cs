using System.Net;
using Connector.AfterSales;
using Connector.Orders;
using Connector.TikTok.Api;
using TikTokSimulator;

namespace Connector.EndToEndTests.AfterSales;

/// <summary>Returns and refund-only requests through the local host: webhook 12 from the simulator, answers from the back office.</summary>
public sealed class ReturnEndToEndTests
{
    private const string ApprovePath = "/return_refund/202309/returns/{return_id}/approve";
    private const string RejectPath = "/return_refund/202309/returns/{return_id}/reject";

    private static TikTokSimulatorServer Sim => AfterSalesWorld.Sim;

    [Test]
    public async Task A_return_reaches_the_back_office_is_approved_shipped_back_received_and_refunded()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync(TikTokOrderStatus.Delivered, minUnits: 2);
        var simOrder = world.SimOrder(order.OrderId);
        var unit = simOrder.LineItems[0];

        var request = Sim.State.RequestReturn(world.ShopId, order.OrderId, [unit.Id], images: ["https://example.invalid/evidence-1.jpeg"]);

        var arrived = await world.RequestInAsync(request.Id, AfterSalesState.Requested);
        Assert.That(arrived.Lines.Single().Sku, Is.EqualTo(unit.SellerSku));
        Assert.That(arrived.Lines.Single().Quantity, Is.EqualTo(1));
        Assert.That(arrived.ReasonText, Is.EqualTo(request.ReasonText));
        Assert.That(arrived.Evidence.Single().Url, Is.EqualTo("https://example.invalid/evidence-1.jpeg"));
        Assert.That(arrived.Deadline, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(request.Deadline!.Value)));
        Assert.That(arrived.Refund!.Total, Is.EqualTo(unit.SalePrice));
        var view = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/after-sales/{request.Id}");
        Assert.That(view.Body.GetProperty("evidence")[0].GetProperty("url").GetString(), Is.EqualTo("https://example.invalid/evidence-1.jpeg"));
        Assert.That(view.Body.GetProperty("actions").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "Approve", "Reject" }));
        var early = await world.ActAsync(request.Id, "receive");
        Assert.That(early.Status, Is.EqualTo(HttpStatusCode.Conflict), "nothing to receive before the buyer sends it");

        var approved = await world.ActAsync(request.Id, "approve", new { idempotencyKey = "ret-approve" });
        Assert.That(approved.Status, Is.EqualTo(HttpStatusCode.OK), approved.Body.ToString());
        Assert.That(approved.Body.GetProperty("request").GetProperty("state").GetString(), Is.EqualTo("AwaitingBuyerReturn"));
        Assert.That(world.SimReturn(request.Id).Status, Is.EqualTo(SimulatorState.ReturnAwaitingBuyerShip));

        Sim.State.ShipReturn(world.ShopId, request.Id, "RT555000111GB", "Evri");
        var shipped = await world.RequestInAsync(request.Id, AfterSalesState.ReturnShipped);
        Assert.That(shipped.ReturnShipment!.TrackingNumber, Is.EqualTo("RT555000111GB"));
        Assert.That(shipped.ReturnShipment.Carrier, Is.EqualTo("Evri"));
        Assert.That(shipped.NextAction, Is.EqualTo("SELLER_RESPOND_RECEIVE_PACKAGE"));
        Assert.That(shipped.Deadline, Is.Not.Null);

        var received = await world.ActAsync(request.Id, "receive", new { idempotencyKey = "ret-receive" });
        var repeated = await world.ActAsync(request.Id, "receive", new { idempotencyKey = "ret-receive" });
        var again = await world.ActAsync(request.Id, "receive");

        Assert.That(received.Status, Is.EqualTo(HttpStatusCode.OK), received.Body.ToString());
        Assert.That(received.Body.GetProperty("request").GetProperty("state").GetString(), Is.EqualTo("Completed"));
        Assert.That(repeated.Replayed, Is.True);
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(world.Calls(ApprovePath), Is.EqualTo(2), "approve once, receive once");
        Assert.That(world.SimReturn(request.Id).Status, Is.EqualTo(SimulatorState.ReturnComplete));
        var decisions = (await world.RequestAsync(request.Id))!.Decisions.Select(d => d.Decision);
        Assert.That(decisions, Is.EqualTo(new[] { "APPROVE_RETURN", "APPROVE_RECEIVED_PACKAGE" }));
        var refunded = (await world.StoredAsync(order.OrderId)).AfterSales!;
        Assert.That(refunded.RefundedTotal, Is.EqualTo(unit.SalePrice));
        Assert.That(refunded.RefundedLines.Single(), Is.EqualTo(new OrderLineRefund(unit.SellerSku, 1, unit.SalePrice)));
    }

    [Test]
    public async Task A_return_is_rejected_with_one_of_TikToks_reasons_and_a_reason_TikTok_does_not_offer_changes_nothing()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync(TikTokOrderStatus.Delivered, seed: 3);
        var request = Sim.State.RequestReturn(world.ShopId, order.OrderId);
        await world.RequestInAsync(request.Id, AfterSalesState.Requested);
        var before = await world.SnapshotAsync(request.Id);

        var reasons = await world.RejectReasonsAsync(request.Id);
        var refused = await world.ActAsync(request.Id, "reject", new { reason = "reverse_reject_return_parcel_reason_5_uk" });

        Assert.That(reasons, Does.Contain("reverse_reject_request_reason_3_uk"));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "a parcel reason before any parcel came back");
        Assert.That(await world.SnapshotAsync(request.Id), Is.EqualTo(before));
        Assert.That(world.Calls(RejectPath), Is.Zero);

        var rejected = await world.ActAsync(request.Id, "reject", new { reason = "reverse_reject_request_reason_3_uk", comment = "Worn" });

        Assert.That(rejected.Status, Is.EqualTo(HttpStatusCode.OK), rejected.Body.ToString());
        var stored = await world.RequestInAsync(request.Id, AfterSalesState.Rejected);
        Assert.That(stored.Decisions.Single().Decision, Is.EqualTo(TikTokReturnDecision.RejectReturn));
        Assert.That(world.SimReturn(request.Id).Status, Is.EqualTo(SimulatorState.ReturnRejected));
        Assert.That((await world.StoredAsync(order.OrderId)).AfterSales!.RefundedTotal, Is.Zero);
    }

    [Test]
    public async Task A_refund_only_request_shows_its_amount_and_once_approved_the_refund_is_on_the_order_and_in_the_feed()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync(TikTokOrderStatus.Delivered, seed: 4);

        var request = Sim.State.RequestReturn(world.ShopId, order.OrderId, type: "REFUND");

        var arrived = await world.RequestInAsync(request.Id, AfterSalesState.Requested);
        Assert.That(arrived.Type, Is.EqualTo(TikTokReturnType.Refund));
        Assert.That(arrived.Refund!.Total, Is.EqualTo(request.RefundTotal));
        Assert.That(arrived.StateReason, Does.Contain("refund without return"));
        await Eventually.HoldsAsync(async () => (await world.StoredAsync(order.OrderId)).AfterSales?.PendingRefundTotal == request.RefundTotal,
            "the order shows the refund asked for");
        var listed = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/after-sales?state=Requested&orderId={order.OrderId}");
        Assert.That(listed.Body.GetProperty("requests")[0].GetProperty("refund").GetProperty("total").GetDecimal(), Is.EqualTo(request.RefundTotal));

        var approved = await world.ActAsync(request.Id, "approve");

        Assert.That(approved.Status, Is.EqualTo(HttpStatusCode.OK), approved.Body.ToString());
        Assert.That(approved.Body.GetProperty("request").GetProperty("state").GetString(), Is.EqualTo("Completed"));
        Assert.That((await world.RequestAsync(request.Id))!.Decisions.Single().Decision, Is.EqualTo(TikTokReturnDecision.ApproveRefund));
        var feed = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/orders?state=Shipped");
        var inFeed = feed.Body.GetProperty("orders").EnumerateArray().Single(o => o.GetProperty("orderId").GetString() == order.OrderId);
        Assert.That(inFeed.GetProperty("afterSales").GetProperty("refundedTotal").GetDecimal(), Is.EqualTo(request.RefundTotal));
        Assert.That(inFeed.GetProperty("afterSales").GetProperty("pendingRefundTotal").GetDecimal(), Is.Zero);
    }

    [Test]
    public async Task Bad_input_another_merchants_request_and_answers_out_of_turn_get_a_problem_and_change_nothing()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync(TikTokOrderStatus.Delivered, seed: 5);
        var request = Sim.State.RequestReturn(world.ShopId, order.OrderId);
        await world.RequestInAsync(request.Id, AfterSalesState.Requested);
        var before = await world.SnapshotAsync(request.Id);

        var otherMerchant = await world.ActAsync(request.Id, "approve", merchantId: "merchant-2");
        var otherMerchantRead = await world.GetAsync($"api/merchants/merchant-2/after-sales/{request.Id}");
        var unknownAction = await world.ActAsync(request.Id, "accept");
        var typo = await world.ActAsync(request.Id, "approve", new { idempotencyKy = "x" });
        var reasonOnApprove = await world.ActAsync(request.Id, "approve", new { reason = "whatever", buyerKeepItem = "yes" });
        var notJson = await world.SendAsync(HttpMethod.Post, $"api/merchants/{AfterSalesWorld.MerchantId}/after-sales/{request.Id}/approve", raw: "not json");
        var badList = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/after-sales?state=Waiting&pageSize=0&deadlineBefore=soon");
        var unknownOrder = await world.CancelOrderAsync("577000000000000000", new { reason = "seller_cancel_reason_out_of_stock_uk" });
        var cancelDelivered = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_out_of_stock_uk" });

        Assert.That(otherMerchant.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(otherMerchantRead.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknownAction.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(typo.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(typo.Body.GetProperty("errors").TryGetProperty("idempotencyKy", out _), Is.True);
        Assert.That(reasonOnApprove.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reasonOnApprove.Body.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "reason", "buyerKeepItem" }));
        Assert.That(notJson.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(badList.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(badList.Body.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "state", "pageSize", "deadlineBefore" }));
        Assert.That(unknownOrder.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(cancelDelivered.Status, Is.EqualTo(HttpStatusCode.Conflict), "shipped: the buyer asks for a refund instead");
        foreach (var answer in new[] { otherMerchant, unknownAction, typo, reasonOnApprove, notJson, badList, unknownOrder, cancelDelivered })
        {
            Assert.That(answer.ContentType, Is.EqualTo("application/problem+json"));
        }

        Assert.That(await world.SnapshotAsync(request.Id), Is.EqualTo(before));
        Assert.That(world.Calls(ApprovePath), Is.Zero);
    }

    [Test]
    public async Task TikToks_refusal_is_shown_with_its_message_and_request_id()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync(TikTokOrderStatus.Delivered, seed: 6);
        var request = Sim.State.RequestReturn(world.ShopId, order.OrderId);
        await world.RequestInAsync(request.Id, AfterSalesState.Requested);
        Sim.State.SetWebhookUrl(world.Inner.App.AppKey, null); // the connector does not hear of the withdrawal
        Sim.State.WithdrawReturn(world.ShopId, request.Id);

        var refused = await world.ActAsync(request.Id, "approve", new { idempotencyKey = "late-approve" });
        var repeated = await world.ActAsync(request.Id, "approve", new { idempotencyKey = "late-approve" });

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), refused.Body.ToString());
        var tiktok = refused.Body.GetProperty("tikTok");
        Assert.That(tiktok.GetProperty("code").GetInt64(), Is.EqualTo(25011012));
        Assert.That(tiktok.GetProperty("message").GetString(), Does.Contain("reverse status cannot approve application"));
        Assert.That(tiktok.GetProperty("requestId").GetString(), Is.Not.Empty);
        Assert.That(refused.Body.GetProperty("detail").GetString(), Does.Contain(tiktok.GetProperty("requestId").GetString()!));
        Assert.That(repeated.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(repeated.Replayed, Is.True);
        Assert.That(world.Calls(ApprovePath), Is.EqualTo(1));
    }
}
