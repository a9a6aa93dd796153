using Connector.Testing;
using System.Net;
using Connector.AfterSales;
using Connector.Orders;
using Connector.Support;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.AfterSales;

/// <summary>
/// Buyer cancellation requests and seller cancellations through the local host: the simulator sends webhook 11 (and 1) like
/// TikTok, the back office answers over HTTP.
/// </summary>
public sealed class CancellationEndToEndTests
{
    private const string ApprovePath = "/return_refund/202309/cancellations/{cancel_id}/approve";
    private const string RejectPath = "/return_refund/202309/cancellations/{cancel_id}/reject";
    private const string CancelPath = "/return_refund/202309/cancellations";

    private static TikTokSimulatorServer Sim => AfterSalesWorld.Sim;

    [Test]
    public async Task A_buyer_cancellation_before_release_is_approved_automatically_and_the_order_is_cancelled()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        Assert.That(order.State, Is.EqualTo(OrderState.ReadyToFulfil));

        var request = Sim.State.RequestCancellation(world.ShopId, order.OrderId);

        var done = await world.RequestInAsync(request.Id, AfterSalesState.Completed);
        var cancelled = await world.OrderInAsync(order.OrderId, OrderState.Cancelled);
        Assert.That(done.Decisions.Single().By, Is.EqualTo(AfterSalesRules.AutoApprover));
        Assert.That(done.Source, Is.EqualTo(AfterSalesSources.Action).Or.EqualTo(AfterSalesSources.Webhook));
        Assert.That(world.SimCancellation(request.Id).Status, Is.EqualTo(SimulatorState.CancellationComplete));
        Assert.That(world.SimOrder(order.OrderId).Status, Is.EqualTo(TikTokOrderStatus.Cancelled));
        Assert.That(cancelled.StateReason, Does.Contain("approved"));
        await Eventually.HoldsAsync(async () => (await world.StoredAsync(order.OrderId)).AfterSales?.RefundedTotal == request.RefundTotal, "the refund is on the order");
        Assert.That(world.Calls(ApprovePath), Is.EqualTo(1));

        // TikTok sends the same news again and the after-sales pull reads it too: nothing happens twice.
        await world.Services.GetRequiredService<AfterSalesPull>().HandleAsync(new AfterSalesPullMessage(order.ShopId), CancellationToken.None);
        Assert.That(world.Calls(ApprovePath), Is.EqualTo(1));
        Assert.That((await world.StoredAsync(order.OrderId)).State, Is.EqualTo(OrderState.Cancelled));
        Assert.That((await world.Cases.EveryCaseAsync()).Where(c => c.Kind == SupportCaseKind.CancelledAfterRelease), Is.Empty);
    }

    [Test]
    public async Task With_auto_approval_off_a_buyer_cancellation_of_an_unreleased_order_waits_for_the_back_office()
    {
        await using var world = await AfterSalesWorld.StartAsync(autoApprove: false);
        var order = await world.StoredOrderAsync();

        var request = Sim.State.RequestCancellation(world.ShopId, order.OrderId);

        await world.RequestInAsync(request.Id, AfterSalesState.Requested);
        var held = await world.OrderInAsync(order.OrderId, OrderState.CancellationRequested);
        Assert.That(held.CancellationRequest!.StateBefore, Is.EqualTo(OrderState.ReadyToFulfil));
        Assert.That(world.Calls(ApprovePath), Is.Zero);
        var release = await world.ReleaseAsync(order.OrderId);
        Assert.That(release.Status, Is.EqualTo(HttpStatusCode.Conflict), "the warehouse cannot take it while the buyer's request is open");
    }

    [Test]
    public async Task A_buyer_cancellation_after_release_waits_for_the_back_office_and_approving_it_cancels_the_order_once()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        Assert.That((await world.ReleaseAsync(order.OrderId)).Status, Is.EqualTo(HttpStatusCode.OK));

        var request = Sim.State.RequestCancellation(world.ShopId, order.OrderId);

        var waiting = await world.RequestInAsync(request.Id, AfterSalesState.Requested);
        var deadline = DateTimeOffset.FromUnixTimeSeconds(request.Deadline!.Value);
        await Eventually.HoldsAsync(async () => (await world.StoredAsync(order.OrderId)).CancellationRequest?.Deadline == deadline,
            "the order shows the request with TikTok's deadline (webhook 11 may come after webhook 1)");
        var held = await world.StoredAsync(order.OrderId);
        Assert.That(world.Calls(ApprovePath), Is.Zero, "a released order is never approved automatically");
        Assert.That(waiting.Deadline, Is.EqualTo(deadline));
        Assert.That(waiting.ReasonText, Is.EqualTo(request.ReasonText));
        Assert.That(held.CancellationRequest!.Deadline, Is.EqualTo(deadline));
        Assert.That(held.CancellationRequest.StateBefore, Is.EqualTo(OrderState.Released));
        Assert.That(held.StateReason, Does.Contain(request.ReasonText).And.Contain(deadline.ToString("u")));

        // The warehouse sees it in its feeds before it picks, and cannot ship it.
        var feed = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/orders?state=CancellationRequested");
        Assert.That(feed.Body.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()), Does.Contain(order.OrderId));
        var list = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/after-sales?awaitsSeller=true&kind=Cancellation");
        var listed = list.Body.GetProperty("requests").EnumerateArray().Single();
        Assert.That(listed.GetProperty("requestId").GetString(), Is.EqualTo(request.Id));
        Assert.That(listed.GetProperty("actions").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "Approve", "Reject" }));
        var ship = await world.SendAsync(HttpMethod.Post, $"api/merchants/{AfterSalesWorld.MerchantId}/shipments",
            new { orderId = order.OrderId, lines = "all", carrier = "Royal Mail", trackingNumber = "RM1", shippedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), idempotencyKey = "s1" });
        Assert.That(ship.Status, Is.EqualTo(HttpStatusCode.Conflict), ship.Body.ToString());

        var approved = await world.ActAsync(request.Id, "approve", new { idempotencyKey = "bo-approve-1" });
        var repeated = await world.ActAsync(request.Id, "approve", new { idempotencyKey = "bo-approve-1" });
        var again = await world.ActAsync(request.Id, "approve");

        Assert.That(approved.Status, Is.EqualTo(HttpStatusCode.OK), approved.Body.ToString());
        Assert.That(approved.Body.GetProperty("request").GetProperty("state").GetString(), Is.EqualTo("Completed"));
        Assert.That(approved.Body.GetProperty("order").GetProperty("state").GetString(), Is.EqualTo("Cancelled"));
        Assert.That(repeated.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(repeated.Replayed, Is.True);
        Assert.That(repeated.Body.GetProperty("replayed").GetBoolean(), Is.True);
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(again.ContentType, Is.EqualTo("application/problem+json"));
        Assert.That(again.Body.GetProperty("detail").GetString(), Does.Contain("Completed").And.Contain("back office"));
        Assert.That(world.Calls(ApprovePath), Is.EqualTo(1), "TikTok is asked once");
        var stored = await world.StoredAsync(order.OrderId);
        Assert.That(stored.State, Is.EqualTo(OrderState.Cancelled), stored.StateReason);
        Assert.That((await world.Cases.EveryCaseAsync()).Where(c => c.Kind == SupportCaseKind.CancelledAfterRelease), Is.Empty,
            "the back office approved it itself: no 'stop the shipment' case");
    }

    [Test]
    public async Task Rejecting_a_buyer_cancellation_after_release_takes_one_of_TikToks_reasons_and_puts_the_order_back()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        await world.ReleaseAsync(order.OrderId);
        var request = Sim.State.RequestCancellation(world.ShopId, order.OrderId);
        await world.RequestInAsync(request.Id, AfterSalesState.Requested);
        var before = await world.SnapshotAsync(request.Id);

        var reasons = await world.RejectReasonsAsync(request.Id);
        var notOffered = await world.ActAsync(request.Id, "reject", new { reason = "order_manage_list_action_respond_popup_reject_reason_buyer_agree" });
        var missing = await world.ActAsync(request.Id, "reject", new { comment = "no reason" });

        Assert.That(reasons, Is.EquivalentTo(SimReasons.RejectCancel("GB").Select(r => r.Name)), "TikTok's reasons, read from TikTok");
        Assert.That(notOffered.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), notOffered.Body.ToString());
        Assert.That(notOffered.Body.GetProperty("errors").GetProperty("reason").GetArrayLength(), Is.EqualTo(1));
        Assert.That(notOffered.Body.GetProperty("detail").GetString(), Does.Contain(reasons[0]));
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(missing.Body.GetProperty("errors").TryGetProperty("reason", out _), Is.True);
        Assert.That(world.Calls(RejectPath), Is.Zero);
        Assert.That(await world.SnapshotAsync(request.Id), Is.EqualTo(before), "nothing changed");

        var rejected = await world.ActAsync(request.Id, "reject", new { reason = reasons[^1], comment = "Packed already", idempotencyKey = "bo-reject-1" });
        var repeated = await world.ActAsync(request.Id, "reject", new { reason = reasons[^1], comment = "Packed already", idempotencyKey = "bo-reject-1" });
        var otherBodySameKey = await world.ActAsync(request.Id, "reject", new { reason = reasons[0], idempotencyKey = "bo-reject-1" });

        Assert.That(rejected.Status, Is.EqualTo(HttpStatusCode.OK), rejected.Body.ToString());
        Assert.That(rejected.Body.GetProperty("request").GetProperty("state").GetString(), Is.EqualTo("Rejected"));
        Assert.That(repeated.Replayed, Is.True);
        Assert.That(otherBodySameKey.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(world.Calls(RejectPath), Is.EqualTo(1));
        Assert.That(world.SimCancellation(request.Id).Status, Is.EqualTo(SimulatorState.CancellationClosed));
        var back = await world.OrderInAsync(order.OrderId, OrderState.Released);
        Assert.That(back.CancellationRequest, Is.Null);
        var decision = (await world.RequestAsync(request.Id))!.Decisions.Single();
        Assert.That((decision.Action, decision.Reason, decision.Comment), Is.EqualTo((AfterSalesAction.Reject, reasons[^1], "Packed already")));
    }

    [Test]
    public async Task A_request_nobody_answers_opens_a_case_near_its_deadline_and_then_follows_what_TikTok_decided()
    {
        await using var world = await AfterSalesWorld.StartAsync(new Dictionary<string, string?> { ["AfterSales:DeadlineWarning"] = "2.00:00:00" });
        var order = await world.StoredOrderAsync();
        await world.ReleaseAsync(order.OrderId);
        var request = Sim.State.RequestCancellation(world.ShopId, order.OrderId);
        await world.RequestInAsync(request.Id, AfterSalesState.Requested);

        var opened = await world.Services.GetRequiredService<AfterSalesDeadlines>().CheckAsync(CancellationToken.None);
        var again = await world.Services.GetRequiredService<AfterSalesDeadlines>().CheckAsync(CancellationToken.None);
        var summary = await world.SendAsync(HttpMethod.Get, "api/admin/summary");
        var explain = await world.GetAsync($"api/admin/shops/{world.ShopId}/orders/{order.OrderId}/explain");

        Assert.That((opened, again), Is.EqualTo((1, 0)), "one case per request");
        var deadlineCase = (await world.Cases.EveryCaseAsync()).Single(c => c.Kind == SupportCaseKind.AfterSalesDeadline);
        Assert.That(deadlineCase.Message, Does.Contain(request.Id).And.Contain(order.OrderId).And.Contain("/approve"));
        var counts = summary.Body.GetProperty("afterSales");
        Assert.That(counts.GetProperty("waitingForSeller").GetInt32(), Is.EqualTo(1));
        Assert.That(counts.GetProperty("nearDeadline").GetInt32(), Is.EqualTo(1));
        Assert.That(counts.GetProperty("byState").GetProperty("Requested").GetInt32(), Is.EqualTo(1));
        Assert.That(explain.Body.GetProperty("explanation").GetString(), Does.Contain("CancellationRequested").And.Contain(request.Id));
        Assert.That(explain.Body.GetProperty("afterSales")[0].GetProperty("state").GetString(), Is.EqualTo("Requested"));

        Sim.State.ExpireDeadline(world.ShopId, request.Id);

        await world.RequestInAsync(request.Id, AfterSalesState.Completed);
        await world.OrderInAsync(order.OrderId, OrderState.CancelledAfterRelease);
        await Eventually.HoldsAsync(async () => (await world.Cases.EveryCaseAsync()).Any(c => c.Kind == SupportCaseKind.CancelledAfterRelease),
            "TikTok cancelled a released order: the warehouse is told to stop the shipment");
        await Eventually.HoldsAsync(async () => (await world.Cases.GetAsync(deadlineCase.CaseId, CancellationToken.None))!.Status == SupportCaseStatus.Resolved,
            "the deadline case closes itself once the request is decided");
    }

    [Test]
    public async Task The_back_office_cancels_an_order_it_cannot_fulfil_for_out_of_stock_and_repeating_it_is_harmless()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        var reasons = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/orders/{order.OrderId}/cancel-reasons");
        Assert.That(reasons.Body.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("name").GetString()), Does.Contain("seller_cancel_reason_out_of_stock_uk"));

        var wrongReason = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_out_of_stock", lines = "all" });
        Assert.That(wrongReason.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "the US reason in a UK shop");
        Assert.That(wrongReason.Body.GetProperty("detail").GetString(), Does.Contain("seller_cancel_reason_out_of_stock_uk"));
        Assert.That(world.Calls(CancelPath), Is.Zero);
        Assert.That((await world.StoredAsync(order.OrderId)).State, Is.EqualTo(OrderState.ReadyToFulfil));

        var cancelled = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_out_of_stock_uk", lines = "all", idempotencyKey = "bo-cancel-1" });
        var repeated = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_out_of_stock_uk", lines = "all", idempotencyKey = "bo-cancel-1" });
        var again = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_out_of_stock_uk", lines = "all" });

        Assert.That(cancelled.Status, Is.EqualTo(HttpStatusCode.OK), cancelled.Body.ToString());
        Assert.That(cancelled.Body.GetProperty("order").GetProperty("state").GetString(), Is.EqualTo("Cancelled"));
        Assert.That(cancelled.Body.GetProperty("request").GetProperty("role").GetString(), Is.EqualTo("SELLER"));
        Assert.That(repeated.Replayed, Is.True);
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(world.Calls(CancelPath), Is.EqualTo(1));
        Assert.That(world.SimOrder(order.OrderId).Status, Is.EqualTo(TikTokOrderStatus.Cancelled));
        Assert.That(world.SimOrder(order.OrderId).CancellationInitiator, Is.EqualTo("SELLER"));
        var stored = await world.StoredAsync(order.OrderId);
        Assert.That(stored.StateReason, Does.Contain("as the back office asked"));
        Assert.That(stored.AfterSales!.Requests.Single().Kind, Is.EqualTo("Cancellation"));
    }

    [Test]
    public async Task A_seller_cancellation_whose_answer_was_lost_answers_cancelled_not_refused()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        // TikTok cancels the order and the answer never arrives; the client's retry then meets a cancelled order.
        Sim.Faults.Add(new FaultRule { AppKey = world.Inner.App.AppKey, Path = CancelPath, Kind = FaultKind.AnswerLost, Count = 1 });

        var cancelled = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_out_of_stock_uk", lines = "all", idempotencyKey = "bo-cancel-lost" });

        Assert.That(cancelled.Status, Is.EqualTo(HttpStatusCode.OK), cancelled.Body.ToString());
        Assert.That(cancelled.Body.GetProperty("order").GetProperty("state").GetString(), Is.EqualTo("Cancelled"));
        Assert.That(world.SimOrder(order.OrderId).Status, Is.EqualTo(TikTokOrderStatus.Cancelled));
        Assert.That((await world.StoredAsync(order.OrderId)).State, Is.EqualTo(OrderState.Cancelled));
    }

    [Test]
    public async Task The_back_office_cancels_single_units_out_of_stock_and_the_order_lines_change_when_TikTok_confirms()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var order = await world.StoredOrderAsync(minUnits: 2, seed: 7, minSkus: 2);
        var line = order.Lines[0];

        var priceError = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_wrong_price_uk", lines = new[] { new { sku = line.Sku, quantity = 1 } } });
        var tooMany = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_out_of_stock_uk", lines = new[] { new { sku = line.Sku, quantity = line.Quantity + 1 } } });
        var partial = await world.CancelOrderAsync(order.OrderId, new { reason = "seller_cancel_reason_out_of_stock_uk", lines = new[] { new { sku = line.Sku, quantity = 1 } } });

        Assert.That(priceError.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "TikTok cancels single lines only when out of stock");
        Assert.That(tooMany.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(partial.Status, Is.EqualTo(HttpStatusCode.OK), partial.Body.ToString());
        Assert.That(partial.Body.GetProperty("partial").GetBoolean(), Is.True);
        Assert.That(world.SimOrder(order.OrderId).LineItems.Count(l => l.DisplayStatus == "CANCELLED"), Is.EqualTo(1));
        var stored = await world.StoredAsync(order.OrderId);
        Assert.That(stored.State, Is.EqualTo(OrderState.ReadyToFulfil), "the rest is still to ship");
        Assert.That(stored.Lines.Single(l => l.Sku == line.Sku).CancelledQuantity, Is.EqualTo(1));
        Assert.That(stored.Units(line.Sku), Is.EqualTo(line.Quantity - 1));
        Assert.That(stored.AfterSales!.RefundedLines.Single().Sku, Is.EqualTo(line.Sku));
    }
}
