using System.Net;
using System.Text;
using System.Text.Json;
using Connector.AfterSales;
using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Connector.UnitTests.AfterSales;

/// <summary>
/// The return_refund client against TikTok's published reference (api-reference/return-and-refund/): every call's path and
/// method exist, every query and body parameter it sends is documented with a compatible type, every required one is sent, and
/// TikTok's own example answers are read without losing what the back office needs.
/// </summary>
public sealed class ReturnRefundClientConformanceTests
{
    private static readonly string[] SpecFiles =
    [
        "search-cancellations", "search-returns", "approve-cancellation", "reject-cancellation", "approve-return", "reject-return", "cancel-order",
        "get-reject-reasons", "get-return-records",
    ];

    private static readonly ReferenceSpec[] Specs = SpecFiles.Select(f => ReferenceSpec.Load($"api-reference/return-and-refund/{f}.spec.json")).ToArray();

    private static readonly TikTokShopRef Shop = new("7494049642642441621", "ROW_RHkDDABBAAB8tKAVoAqsMTjsQZFLyNfY");

    private sealed record Sent(string Method, string Path, List<KeyValuePair<string, string>> Query, string? Body, ReferenceSpec? Spec);

    /// <summary>Answers each call with the example response of the reference endpoint it matches; remembers what was sent.</summary>
    private sealed class ReferenceHandler : HttpMessageHandler
    {
        public List<Sent> Calls { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var query = request.RequestUri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))).ToList();
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var spec = Specs.FirstOrDefault(s => s.Matches(request.Method.Method, path));
            Calls.Add(new Sent(request.Method.Method, path, query, body, spec));
            return new HttpResponseMessage(spec is null ? HttpStatusCode.NotFound : HttpStatusCode.OK)
            {
                Content = new StringContent(spec?.ResponseExample ?? """{"code":36009009,"message":"unknown path","request_id":"x","data":{}}""", Encoding.UTF8, "application/json"),
            };
        }
    }

    private static (ITikTokShopClient Client, ReferenceHandler Handler) Create()
    {
        var handler = new ReferenceHandler();
        var services = new ServiceCollection().AddLogging();
        services.AddTikTokShop(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikTok:AppKey"] = "123abc", ["TikTok:AppSecret"] = "secret", ["TikTok:ServiceId"] = "1", ["TikTok:OpenApiBaseUrl"] = "https://open-api.tiktokglobalshop.com",
            ["TikTok:MaxRetries"] = "1",
        }).Build());
        services.AddHttpClient<ITikTokShopClient, TikTokShopClient>().ConfigurePrimaryHttpMessageHandler(() => handler);
        var tokens = new Mock<ITikTokTokenProvider>();
        tokens.Setup(t => t.GetAccessTokenAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(new TikTokAccessToken("token", DateTimeOffset.UtcNow.AddDays(1)));
        services.AddSingleton(tokens.Object);
        return (services.BuildServiceProvider().GetRequiredService<ITikTokShopClient>(), handler);
    }

    /// <summary>Every return_refund call the connector makes, with every filter and option it can send.</summary>
    private static async Task CallEverythingAsync(ITikTokShopClient client)
    {
        var ct = CancellationToken.None;
        await client.SearchCancellationsAsync(Shop, new TikTokCancellationSearch
        {
            CancelIds = ["1"], OrderIds = ["2"], CancelTypes = [TikTokCancelType.BuyerCancel], CancelStatus = [TikTokCancelStatus.Pending],
            CreateTimeGe = 1, CreateTimeLt = 2, UpdateTimeGe = 3, UpdateTimeLt = 4, Locale = "en-US",
        }, new TikTokPageRequest("token", 50, TikTokSortField.UpdateTime, TikTokSortOrder.Ascending), ct);
        await client.SearchReturnsAsync(Shop, new TikTokReturnSearch
        {
            ReturnIds = ["1"], OrderIds = ["2"], ReturnTypes = [TikTokReturnType.Refund], ReturnStatus = [TikTokReturnStatus.Pending],
            CreateTimeGe = 1, CreateTimeLt = 2, UpdateTimeGe = 3, UpdateTimeLt = 4, Locale = "en-US",
        }, new TikTokPageRequest("token", 10, TikTokSortField.CreateTime, TikTokSortOrder.Descending), ct);
        await client.ApproveCancellationAsync(Shop, "4035319218955782461", "key-1", ct);
        await client.RejectCancellationAsync(Shop, "4035319218955782461", "key-2",
            new TikTokCancellationRejection { RejectReason = "seller_reject_apply_product_has_been_packed", Comment = "Packed already" }, ct);
        await client.ApproveReturnAsync(Shop, "4035319218955782461", "key-3", new TikTokReturnApproval { Decision = TikTokReturnDecision.ApproveReturn, BuyerKeepItem = true }, ct);
        await client.RejectReturnAsync(Shop, "4035319218955782461", "key-4",
            new TikTokReturnRejection { Decision = TikTokReturnDecision.RejectReceivedPackage, RejectReason = "reverse_reject_return_parcel_reason_5", Comment = "Used" }, ct);
        await client.CancelOrderAsync(Shop, new TikTokCancelOrderRequest { OrderId = "577087614418520388", OrderLineItemIds = ["577087614418716996"], CancelReason = "seller_cancel_reason_out_of_stock" }, ct);
        await client.GetRejectReasonsAsync(Shop, "4035319218955782461", "en-US", ct);
        await client.GetReturnRecordsAsync(Shop, "4035319218955782461", "en-US", ct);
    }

    [Test]
    public async Task Every_call_is_a_documented_path_and_method_with_documented_parameters_and_every_required_one()
    {
        var (client, handler) = Create();

        await CallEverythingAsync(client);

        Assert.That(handler.Calls, Has.Count.EqualTo(SpecFiles.Length));
        Assert.That(handler.Calls.Where(c => c.Spec is null).Select(c => $"{c.Method} {c.Path}"), Is.Empty, "paths the reference does not have");
        Assert.That(handler.Calls.Select(c => c.Spec!.File).Distinct().Count(), Is.EqualTo(SpecFiles.Length), "each endpoint once");
        var problems = handler.Calls.SelectMany(c => c.Spec!.CheckQuery(c.Query)
            .Concat(c.Spec.Body.Count == 0 && string.IsNullOrEmpty(c.Body) ? [] : c.Spec.CheckBody(JsonDocument.Parse(c.Body ?? "{}").RootElement))
            .Select(p => $"{c.Spec.File}: {p}")).ToList();
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task Approve_and_reject_of_a_return_send_TikToks_required_decision_and_the_reject_reason()
    {
        var (client, handler) = Create();

        await client.ApproveReturnAsync(Shop, "r1", "k1", new TikTokReturnApproval { Decision = TikTokReturnDecision.ApproveRefund }, CancellationToken.None);
        await client.RejectReturnAsync(Shop, "r1", "k2", new TikTokReturnRejection { Decision = TikTokReturnDecision.RejectRefund, RejectReason = "reverse_reject_request_reason_1" },
            CancellationToken.None);

        var approve = JsonDocument.Parse(handler.Calls[0].Body!).RootElement;
        var reject = JsonDocument.Parse(handler.Calls[1].Body!).RootElement;
        Assert.That(approve.GetProperty("decision").GetString(), Is.EqualTo("APPROVE_REFUND"));
        Assert.That(reject.GetProperty("decision").GetString(), Is.EqualTo("REJECT_REFUND"));
        Assert.That(reject.GetProperty("reject_reason").GetString(), Is.EqualTo("reverse_reject_request_reason_1"));
        Assert.That(handler.Calls.Select(c => c.Query.Single(q => q.Key == "idempotency_key").Value), Is.EqualTo(new[] { "k1", "k2" }));
    }

    [Test]
    public async Task A_return_answer_without_a_decision_is_not_sent()
    {
        var (client, handler) = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => client.ApproveReturnAsync(Shop, "r1", "k1", new TikTokReturnApproval(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.RejectReturnAsync(Shop, "r1", "k1", new TikTokReturnRejection { Decision = TikTokReturnDecision.RejectReturn }, CancellationToken.None));
        Assert.That(handler.Calls, Is.Empty);
    }

    [TestCase(1, 1)]
    [TestCase(500, 50)]
    public async Task Search_pages_stay_in_TikToks_documented_range(int asked, int sent)
    {
        var (client, handler) = Create();

        await client.SearchCancellationsAsync(Shop, new TikTokCancellationSearch(), new TikTokPageRequest(PageSize: asked), CancellationToken.None);
        await client.SearchReturnsAsync(Shop, new TikTokReturnSearch(), new TikTokPageRequest(PageSize: asked), CancellationToken.None);

        Assert.That(handler.Calls[0].Query.Single(q => q.Key == "page_size").Value, Is.EqualTo(sent.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(handler.Calls[1].Query.Single(q => q.Key == "page_size").Value, Is.EqualTo(Math.Max(10, sent).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "search-returns: 10 to 50");
    }

    [Test]
    public async Task TikToks_example_cancellation_is_read_with_everything_the_back_office_needs()
    {
        var (client, _) = Create();

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
        var (client, _) = Create();

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
        var (client, _) = Create();

        var reasons = await client.GetRejectReasonsAsync(Shop, "1", null, CancellationToken.None);
        var cancel = await client.CancelOrderAsync(Shop, new TikTokCancelOrderRequest { OrderId = "1", CancelReason = "seller_cancel_reason_out_of_stock" }, CancellationToken.None);

        Assert.That(reasons.Single().Name, Is.EqualTo("seller_reject_apply_you_have_reached_an_agreement_with_the_buyer"));
        Assert.That(reasons.Single().Text, Is.EqualTo("You have reached an agreement with the buyer"));
        Assert.That((cancel.CancelId, cancel.CancelStatus), Is.EqualTo(("4035319218955782461", "CANCELLATION_REQUEST_SUCCESS")));
    }
}
