using System.Collections.Concurrent;
using Connector.IntegrationTests.TikTok;
using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.IntegrationTests.AfterSales;

/// <summary>
/// The connector's return_refund client against the simulator, through TikTok's after-sales flows; every answer the simulator
/// gives is checked against TikTok's reference (only documented fields, documented types; refusals with the endpoint's
/// documented error codes).
/// </summary>
public sealed class SimulatorReturnRefundTests
{
    private static TikTokSimulatorServer Sim => TikTokTestShop.Sim;

    private static TikTokReference Reference => TikTokReference.Default;

    /// <summary>Keeps every answer of the simulator (method, path, body).</summary>
    private sealed class Recorder : DelegatingHandler
    {
        public ConcurrentQueue<(string Method, string Path, string Body)> Answers { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Answers.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, body));
            return response;
        }
    }

    private sealed class World : IAsyncDisposable
    {
        private readonly ServiceProvider services;

        public World(ServiceProvider services, SimSeller seller, Recorder recorder)
        {
            this.services = services;
            SimShop = seller.Shops[0];
            Shop = new TikTokShopRef(SimShop.Id, SimShop.Cipher);
            Recorder = recorder;
        }

        public SimShop SimShop { get; }
        public TikTokShopRef Shop { get; }
        public Recorder Recorder { get; }
        public ITikTokShopClient Client => services.GetRequiredService<ITikTokShopClient>();
        public ITikTokShopClient Orders => Client;

        public async ValueTask DisposeAsync() => await services.DisposeAsync();
    }

    private static World Create(string region = "GB")
    {
        var app = Sim.State.CreateApp();
        var seller = Sim.State.CreateSeller(region: region);
        var recorder = new Recorder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikTok:AppKey"] = app.AppKey, ["TikTok:AppSecret"] = app.AppSecret, ["TikTok:ServiceId"] = app.ServiceId,
            ["TikTok:AuthBaseUrl"] = Sim.BaseUri.ToString(), ["TikTok:OpenApiBaseUrl"] = Sim.BaseUri.ToString(),
            ["TikTok:MaxRetries"] = "1", ["TikTok:RetryBaseDelay"] = "00:00:00.010", ["TikTok:MaxRetryDelay"] = "00:00:00.100",
        }).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddTikTokShop(configuration);
        collection.AddHttpClient<ITikTokShopClient, TikTokShopClient>().AddHttpMessageHandler(() => recorder);
        collection.AddSingleton<InMemoryTokenProvider>();
        collection.AddSingleton<ITikTokTokenProvider>(sp => sp.GetRequiredService<InMemoryTokenProvider>());
        var services = collection.BuildServiceProvider();
        services.GetRequiredService<InMemoryTokenProvider>().Store(seller.Shops[0].Id, Sim.State.Authorize(app.AppKey, seller.OpenId));
        return new World(services, seller, recorder);
    }

    /// <summary>Every return_refund answer is TikTok's documented shape; a refusal carries one of the endpoint's documented error codes.</summary>
    private static void AssertAnswersConform(World world)
    {
        var problems = new List<string>();
        foreach (var (method, path, body) in world.Recorder.Answers.Where(a => a.Path.StartsWith("/return_refund/", StringComparison.Ordinal)))
        {
            var spec = Reference.TryEndpoint(new HttpMethod(method), path);
            if (spec is null)
            {
                problems.Add($"{method} {path} is not in the reference");
                continue;
            }

            var answer = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            var code = answer["code"]!.GetValue<long>();
            if (code == 0)
            {
                problems.AddRange(ReferenceConformance.ResponseProblems(spec, answer).Select(p => $"{spec}: {p}"));
            }
            else if (!spec.ErrorCodes.Any(e => e.Code == code.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                problems.Add($"{spec}: error code {code} is not one the endpoint documents ({answer["message"]})");
            }
        }

        Assert.That(problems, Is.Empty);
        Assert.That(world.Recorder.Answers, Is.Not.Empty);
    }

    [Test]
    public async Task A_buyers_cancellation_is_searched_rejected_with_TikToks_reasons_only_and_approved_idempotently()
    {
        await using var world = Create();
        var order = Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 9, status: "AWAITING_SHIPMENT")[0];
        var request = Sim.State.RequestCancellation(world.Shop.ShopId, order.Id);

        var page = await world.Client.SearchCancellationsAsync(world.Shop, new TikTokCancellationSearch { CancelStatus = [TikTokCancelStatus.Pending] }, new TikTokPageRequest(), CancellationToken.None);
        var reasons = await world.Client.GetRejectReasonsAsync(world.Shop, request.Id, null, CancellationToken.None);
        var unknown = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.RejectCancellationAsync(world.Shop, request.Id, "k0",
            new TikTokCancellationRejection { RejectReason = "no_such_reason" }, CancellationToken.None)))!;
        await world.Client.ApproveCancellationAsync(world.Shop, request.Id, "key-1", CancellationToken.None);
        await world.Client.ApproveCancellationAsync(world.Shop, request.Id, "key-1", CancellationToken.None);
        var different = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.RejectCancellationAsync(world.Shop, request.Id, "key-1",
            new TikTokCancellationRejection { RejectReason = reasons[0].Name }, CancellationToken.None)))!;
        var after = await world.Client.SearchCancellationsAsync(world.Shop, new TikTokCancellationSearch { CancelIds = [request.Id] }, new TikTokPageRequest(), CancellationToken.None);

        var pending = page.Cancellations.Single();
        Assert.That((pending.OrderId, pending.CancelType, pending.Role), Is.EqualTo((order.Id, TikTokCancelType.BuyerCancel, "BUYER")));
        Assert.That(pending.SellerNextActionResponse.Single().Action, Is.EqualTo("SELLER_RESPOND_CANCEL"));
        Assert.That(pending.SellerNextActionResponse.Single().Deadline, Is.EqualTo(Sim.State.Now.AddHours(48).ToUnixTimeSeconds()).Within(120), "48 hours after the request (the test may run slowly)");
        Assert.That(pending.RefundAmount!.RefundTotal, Is.EqualTo(order.Payment.SubTotal + order.Payment.ShippingFee));
        Assert.That(reasons.Select(r => r.Name), Does.Contain("seller_reject_apply_product_has_been_packed").And.Contain("order_manage_list_action_respond_popup_reject_reason_buyer_agree_uk"));
        Assert.That(unknown.Code, Is.EqualTo(25001014));
        Assert.That(different.Kind, Is.EqualTo(TikTokErrorKind.InvalidRequest));
        Assert.That(after.Cancellations.Single().CancelStatus, Is.EqualTo(TikTokCancelStatus.Complete));
        var cancelled = (await world.Orders.GetOrdersAsync(world.Shop, [order.Id], CancellationToken.None)).Single();
        Assert.That(cancelled.Status, Is.EqualTo(TikTokOrderStatus.Cancelled));
        Assert.That(cancelled.LineItems.Select(l => l.DisplayStatus), Is.All.EqualTo("CANCELLED"));
        AssertAnswersConform(world);
    }

    [Test]
    public async Task A_seller_cancels_a_whole_order_or_single_lines_out_of_stock_with_TikToks_reasons_and_codes()
    {
        await using var world = Create("US");
        var orders = Sim.State.GenerateOrders(world.Shop.ShopId, 30, seed: 3, status: "AWAITING_SHIPMENT").Where(o => o.LineItems.Count >= 2).Take(2).ToArray();

        var wrongStatusReason = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.CancelOrderAsync(world.Shop,
            new TikTokCancelOrderRequest { OrderId = orders[0].Id, CancelReason = "seller_cancel_unpaid_reason_out_of_stock" }, CancellationToken.None)))!;
        var unknownReason = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.CancelOrderAsync(world.Shop,
            new TikTokCancelOrderRequest { OrderId = orders[0].Id, CancelReason = "because" }, CancellationToken.None)))!;
        var partialPrice = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.CancelOrderAsync(world.Shop,
            new TikTokCancelOrderRequest { OrderId = orders[0].Id, CancelReason = "seller_cancel_reason_wrong_price", OrderLineItemIds = [orders[0].LineItems[0].Id] }, CancellationToken.None)))!;
        var whole = await world.Client.CancelOrderAsync(world.Shop, new TikTokCancelOrderRequest { OrderId = orders[0].Id, CancelReason = "seller_cancel_reason_out_of_stock" }, CancellationToken.None);
        var again = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.CancelOrderAsync(world.Shop,
            new TikTokCancelOrderRequest { OrderId = orders[0].Id, CancelReason = "seller_cancel_reason_out_of_stock" }, CancellationToken.None)))!;
        var partial = await world.Client.CancelOrderAsync(world.Shop,
            new TikTokCancelOrderRequest { OrderId = orders[1].Id, CancelReason = "seller_cancel_reason_out_of_stock", OrderLineItemIds = [orders[1].LineItems[0].Id] }, CancellationToken.None);
        var cancellations = await world.Client.SearchCancellationsAsync(world.Shop, new TikTokCancellationSearch { CancelIds = [whole.CancelId, partial.CancelId] }, new TikTokPageRequest(), CancellationToken.None);

        Assert.That(wrongStatusReason.Code, Is.EqualTo(25001021), "an unpaid-order reason for a paid order");
        Assert.That(unknownReason.Code, Is.EqualTo(25001014));
        Assert.That(partialPrice.Code, Is.EqualTo(25005010), "single lines only when out of stock");
        Assert.That(again.Code, Is.EqualTo(25001011));
        Assert.That(whole.CancelStatus, Is.EqualTo(TikTokCancelStatus.Success));
        var tiktok = (await world.Orders.GetOrdersAsync(world.Shop, [orders[0].Id, orders[1].Id], CancellationToken.None)).ToDictionary(o => o.Id);
        Assert.That(tiktok[orders[0].Id].Status, Is.EqualTo(TikTokOrderStatus.Cancelled));
        Assert.That(tiktok[orders[0].Id].CancellationInitiator, Is.EqualTo("SELLER"));
        Assert.That(tiktok[orders[1].Id].Status, Is.EqualTo(TikTokOrderStatus.AwaitingShipment));
        Assert.That(tiktok[orders[1].Id].LineItems.Count(l => l.DisplayStatus == "CANCELLED"), Is.EqualTo(1));
        Assert.That(cancellations.Cancellations.Select(c => (c.Role, c.CancelType, c.CancelStatus)), Is.All.EqualTo(("SELLER", TikTokCancelType.Cancel, TikTokCancelStatus.Complete)));
        Assert.That(cancellations.Cancellations.Single(c => c.CancelId == partial.CancelId).CancelLineItems, Has.Count.EqualTo(1));
        AssertAnswersConform(world);
    }

    [Test]
    public async Task A_return_is_approved_shipped_back_received_and_refunded_with_TikToks_decisions()
    {
        await using var world = Create();
        var order = Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 4, status: "DELIVERED")[0];
        var request = Sim.State.RequestReturn(world.Shop.ShopId, order.Id, [order.LineItems[0].Id]);

        var pending = (await world.Client.SearchReturnsAsync(world.Shop, new TikTokReturnSearch { ReturnIds = [request.Id] }, new TikTokPageRequest(), CancellationToken.None)).ReturnOrders.Single();
        var records = await world.Client.GetReturnRecordsAsync(world.Shop, request.Id, null, CancellationToken.None);
        var wrongDecision = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.ApproveReturnAsync(world.Shop, request.Id, "a0",
            new TikTokReturnApproval { Decision = TikTokReturnDecision.ApproveRefund }, CancellationToken.None)))!;
        var tooEarly = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.ApproveReturnAsync(world.Shop, request.Id, "a1",
            new TikTokReturnApproval { Decision = TikTokReturnDecision.ApproveReceivedPackage }, CancellationToken.None)))!;
        await world.Client.ApproveReturnAsync(world.Shop, request.Id, "a2", new TikTokReturnApproval { Decision = TikTokReturnDecision.ApproveReturn }, CancellationToken.None);
        Sim.State.ShipReturn(world.Shop.ShopId, request.Id, "RT123456789GB", "Evri");
        var shipped = (await world.Client.SearchReturnsAsync(world.Shop, new TikTokReturnSearch { ReturnIds = [request.Id] }, new TikTokPageRequest(), CancellationToken.None)).ReturnOrders.Single();
        var parcelReasons = await world.Client.GetRejectReasonsAsync(world.Shop, request.Id, null, CancellationToken.None);
        await world.Client.ApproveReturnAsync(world.Shop, request.Id, "a3", new TikTokReturnApproval { Decision = TikTokReturnDecision.ApproveReceivedPackage }, CancellationToken.None);
        var done = (await world.Client.SearchReturnsAsync(world.Shop, new TikTokReturnSearch { OrderIds = [order.Id] }, new TikTokPageRequest(), CancellationToken.None)).ReturnOrders.Single();

        Assert.That((pending.ReturnStatus, pending.ReturnType, pending.Role), Is.EqualTo((TikTokReturnStatus.Pending, TikTokReturnType.ReturnAndRefund, "BUYER")));
        Assert.That(pending.ReturnLineItems.Single().OrderLineItemId, Is.EqualTo(order.LineItems[0].Id));
        Assert.That(pending.SellerNextActionResponse.Single().Action, Is.EqualTo("SELLER_RESPOND_RETURN"));
        Assert.That(pending.RefundAmount!.RefundTotal, Is.EqualTo(order.LineItems[0].SalePrice));
        Assert.That(records.Single().Images.Single().Url, Does.StartWith("https://"));
        Assert.That(wrongDecision.Code, Is.EqualTo(25020004));
        Assert.That(tooEarly.Code, Is.EqualTo(25011013));
        Assert.That((shipped.ReturnStatus, shipped.ReturnTrackingNumber, shipped.ReturnProviderName), Is.EqualTo((TikTokReturnStatus.BuyerShippedItem, "RT123456789GB", "Evri")));
        Assert.That(shipped.SellerNextActionResponse.Single().Action, Is.EqualTo("SELLER_RESPOND_RECEIVE_PACKAGE"));
        Assert.That(parcelReasons.Select(r => r.Name), Does.Contain("reverse_reject_return_parcel_reason_5_uk"));
        Assert.That(done.ReturnStatus, Is.EqualTo(TikTokReturnStatus.Complete));
        AssertAnswersConform(world);
    }

    [Test]
    public async Task A_refund_only_request_is_rejected_with_a_reason_TikTok_offers_for_refunds()
    {
        await using var world = Create();
        var order = Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 5, status: "DELIVERED")[0];
        var request = Sim.State.RequestReturn(world.Shop.ShopId, order.Id, type: "REFUND");

        var reasons = await world.Client.GetRejectReasonsAsync(world.Shop, request.Id, "en-GB", CancellationToken.None);
        var returnDecision = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.RejectReturnAsync(world.Shop, request.Id, "r0",
            new TikTokReturnRejection { Decision = TikTokReturnDecision.RejectReturn, RejectReason = reasons[0].Name }, CancellationToken.None)))!;
        await world.Client.RejectReturnAsync(world.Shop, request.Id, "r1",
            new TikTokReturnRejection { Decision = TikTokReturnDecision.RejectRefund, RejectReason = "seller_reject_apply_item_is_correct", Comment = "Photo shows it intact" },
            CancellationToken.None);
        var after = (await world.Client.SearchReturnsAsync(world.Shop, new TikTokReturnSearch { ReturnIds = [request.Id] }, new TikTokPageRequest(), CancellationToken.None)).ReturnOrders.Single();

        Assert.That(reasons.Select(r => r.Name), Does.Contain("seller_reject_apply_unable_to_change_address"));
        Assert.That(returnDecision.Code, Is.EqualTo(25020004));
        Assert.That(after.ReturnStatus, Is.EqualTo(TikTokReturnStatus.Rejected));
        Assert.That(after.ReturnType, Is.EqualTo(TikTokReturnType.Refund));
        AssertAnswersConform(world);
    }

    [Test]
    public async Task A_request_left_unanswered_past_its_deadline_is_decided_by_TikTok()
    {
        await using var world = Create();
        var order = Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 6, status: "AWAITING_SHIPMENT")[0];
        var request = Sim.State.RequestCancellation(world.Shop.ShopId, order.Id);

        Sim.State.ExpireDeadline(world.Shop.ShopId, request.Id);
        var after = (await world.Client.SearchCancellationsAsync(world.Shop, new TikTokCancellationSearch { OrderIds = [order.Id] }, new TikTokPageRequest(), CancellationToken.None)).Cancellations.Single();
        var late = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.RejectCancellationAsync(world.Shop, request.Id, "late",
            new TikTokCancellationRejection { RejectReason = "seller_reject_apply_product_has_been_packed" }, CancellationToken.None)))!;

        Assert.That(after.CancelStatus, Is.EqualTo(TikTokCancelStatus.Complete));
        Assert.That(after.SellerNextActionResponse, Is.Empty);
        Assert.That(late.Code, Is.EqualTo(25011011));
        Assert.That((await world.Orders.GetOrdersAsync(world.Shop, [order.Id], CancellationToken.None)).Single().Status, Is.EqualTo(TikTokOrderStatus.Cancelled));
        AssertAnswersConform(world);
    }
}
