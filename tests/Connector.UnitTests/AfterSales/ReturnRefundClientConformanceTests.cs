using Connector.AfterSales;
using Connector.Testing.TikTokReference;
using Connector.TikTok.Api;

namespace Connector.UnitTests.AfterSales;

/// <summary>
/// The return_refund client against TikTok's published reference (api-reference/return-and-refund/), beyond the general
/// request checks of <c>TikTok/Reference/ClientConformanceTests</c> (which cover every return_refund call): approve / reject of a
/// return send TikTok's required <c>decision</c> (issue 17, defect 9) and reject reason, page sizes stay in TikTok's ranges, and
/// TikTok's own example answers are read without losing what the back office needs.
/// </summary>
public sealed class ReturnRefundClientConformanceTests
{
    private static readonly TikTokShopRef Shop = new("7494049642642441621", "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3");

    [Test]
    public async Task Approve_and_reject_of_a_return_send_TikToks_required_decision_and_the_reject_reason()
    {
        await using var world = ReferenceClient.Create();

        await world.Client.ApproveReturnAsync(Shop, "r1", "k1", new TikTokReturnApproval { Decision = TikTokReturnDecision.ApproveRefund }, CancellationToken.None);
        await world.Client.RejectReturnAsync(Shop, "r1", "k2", new TikTokReturnRejection { Decision = TikTokReturnDecision.RejectRefund, RejectReason = "reverse_reject_request_reason_1" },
            CancellationToken.None);

        var calls = world.Responder.Calls;
        Assert.That(calls.Select(c => c.Endpoint?.RelativeFile), Is.All.Not.Null);
        foreach (var (request, endpoint) in calls)
        {
            ReferenceConformance.AssertRequest(endpoint!, request);
        }

        Assert.That(calls[0].Request.BodyJson!["decision"]!.GetValue<string>(), Is.EqualTo("APPROVE_REFUND"));
        Assert.That(calls[1].Request.BodyJson!["decision"]!.GetValue<string>(), Is.EqualTo("REJECT_REFUND"));
        Assert.That(calls[1].Request.BodyJson!["reject_reason"]!.GetValue<string>(), Is.EqualTo("reverse_reject_request_reason_1"));
        Assert.That(calls.Select(c => c.Request.QueryValue("idempotency_key")), Is.EqualTo(new[] { "k1", "k2" }));
    }

    [Test]
    public async Task A_return_answer_without_a_decision_is_not_sent()
    {
        await using var world = ReferenceClient.Create();
        var client = world.Client;

        await Assert.ThrowsAsync<ArgumentException>(() => client.ApproveReturnAsync(Shop, "r1", "k1", new TikTokReturnApproval(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.RejectReturnAsync(Shop, "r1", "k1", new TikTokReturnRejection { Decision = TikTokReturnDecision.RejectReturn }, CancellationToken.None));
        Assert.That(world.Responder.Calls, Is.Empty);
    }

    [Test]
    public async Task Search_pages_stay_in_TikToks_documented_range()
    {
        await using var world = ReferenceClient.Create();
        var client = world.Client;

        await client.SearchCancellationsAsync(Shop, new TikTokCancellationSearch(), new TikTokPageRequest(), CancellationToken.None);
        await client.SearchReturnsAsync(Shop, new TikTokReturnSearch(), new TikTokPageRequest(), CancellationToken.None);
        await client.SearchCancellationsAsync(Shop, new TikTokCancellationSearch(), new TikTokPageRequest(PageSize: 1), CancellationToken.None);

        Assert.That(world.Responder.Calls.Select(c => c.Request.QueryValue("page_size")), Is.EqualTo(new[] { "50", "50", "1" }), "the largest page by default");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SearchCancellationsAsync(Shop, new TikTokCancellationSearch(), new TikTokPageRequest(PageSize: 51), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SearchReturnsAsync(Shop, new TikTokReturnSearch(), new TikTokPageRequest(PageSize: 9), CancellationToken.None),
            "search-returns: 10 to 50");
        Assert.That(world.Responder.Calls, Has.Count.EqualTo(3), "nothing sent outside the range");
    }

    [Test]
    public async Task TikToks_example_cancellation_is_read_with_everything_the_back_office_needs()
    {
        await using var world = ReferenceClient.Create();
        var client = world.Client;

        var page = await client.SearchCancellationsAsync(Shop, new TikTokCancellationSearch(), new TikTokPageRequest(), CancellationToken.None);
        var request = AfterSalesRules.FromCancellation(page.Cancellations.Single(), null, "m1", Shop.ShopId, "poll", DateTimeOffset.UnixEpoch)!;

        Assert.That(page.NextPageToken, Is.Not.Empty);
        Assert.That(page.TotalCount, Is.EqualTo(100));
        Assert.That((request.RequestId, request.OrderId, request.TikTokStatus, request.Role), Is.EqualTo(("4035318504086604100", "577087614418520388", "CANCELLATION_REQUEST_PENDING", "BUYER")));
        Assert.That(request.State, Is.EqualTo(AfterSalesState.Requested));
        Assert.That(request.Reason, Is.EqualTo("ecom_order_to_ship_canceled_reason_created_by_mistakes"));
        Assert.That(request.ReasonText, Is.EqualTo("Order created by mistake"));
        Assert.That(request.NextAction, Is.EqualTo("SELLER_RESPOND_CANCEL"));
        Assert.That(request.Deadline, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1690554680)));
        Assert.That(request.Refund, Is.EqualTo(new AfterSalesRefund("USD", 1.23m, 1m, 0.2m, 0.03m, 0.1m, 1000m)));
        var line = request.Lines.Single();
        Assert.That((line.Sku, line.SkuId, line.Quantity, line.RefundTotal), Is.EqualTo(("YYAPC23078TRT30", "2729382476852921560", 1, 1.23m)));
        Assert.That(line.OrderLineItemIds, Is.EqualTo(new[] { "576468844534141348" }));
    }

    [Test]
    public async Task TikToks_example_return_is_read_with_tracking_deadline_lines_refunds_and_the_buyers_evidence()
    {
        await using var world = ReferenceClient.Create();
        var client = world.Client;

        var page = await client.SearchReturnsAsync(Shop, new TikTokReturnSearch(), new TikTokPageRequest(), CancellationToken.None);
        var records = await client.GetReturnRecordsAsync(Shop, "4035318504086604100", null, CancellationToken.None);
        var tiktok = page.ReturnOrders.Single();
        var request = AfterSalesRules.FromReturn(tiktok, records, null, "m1", Shop.ShopId, "poll", DateTimeOffset.UnixEpoch)!;

        Assert.That(tiktok.IsCombinedReturn, Is.True, "TikTok's example sends \"true \" as a string");
        Assert.That(tiktok.CanBuyerKeepItem, Is.True);
        Assert.That((request.RequestId, request.OrderId, request.Type, request.TikTokStatus), Is.EqualTo(("4035318504086604100", "577686530908261117", "REFUND", "RETURN_OR_REFUND_REQUEST_PENDING")));
        Assert.That(request.State, Is.EqualTo(AfterSalesState.Requested));
        Assert.That(request.ReasonText, Is.EqualTo("Order created by mistake"));
        Assert.That(request.Deadline, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1690554680)));
        Assert.That(request.ArbitrationStatus, Is.EqualTo("IN_PROGRESS"));
        Assert.That(request.ReturnShipment, Is.EqualTo(new AfterSalesReturnShipment("213456789098765433456", "J&T Express", "TH27014E9R5Q4G", "PLATFORM", "DROP_OFF", "SELLER_ARRANGE",
            "1199 Coleman Ave San Jose, CA 95110")));
        Assert.That(request.Refund!.Total, Is.EqualTo(1.23m));
        var line = request.Lines.Single();
        Assert.That((line.Sku, line.Quantity, line.RefundTotal, line.ProductName), Is.EqualTo(("PUTIH 1 TALI", 1, 1.23m, "(SP) [PROMO BUNDLING] NICE Tissue Facial 180s x 5 pcs")));
        Assert.That(request.Evidence.Select(e => (e.Kind, e.Role)), Is.EqualTo(new[] { ("image", "Buyer"), ("video", "Buyer") }));
        Assert.That(request.Evidence[0].Url, Does.StartWith("https://p16-oec-va.ibyteimg.com/"));
    }

    [Test]
    public async Task TikToks_example_answers_of_the_other_calls_are_read()
    {
        await using var world = ReferenceClient.Create();
        var client = world.Client;

        var reasons = await client.GetRejectReasonsAsync(Shop, "1", null, CancellationToken.None);
        var cancel = await client.CancelOrderAsync(Shop, new TikTokCancelOrderRequest { OrderId = "1", CancelReason = "seller_cancel_reason_out_of_stock" }, CancellationToken.None);

        Assert.That(reasons.Single().Name, Is.EqualTo("seller_reject_apply_you_have_reached_an_agreement_with_the_buyer"));
        Assert.That(reasons.Single().Text, Is.EqualTo("You have reached an agreement with the buyer"));
        Assert.That((cancel.CancelId, cancel.CancelStatus), Is.EqualTo(("4035319218955782461", "CANCELLATION_REQUEST_SUCCESS")));
    }
}
