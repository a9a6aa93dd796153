using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Api;

namespace Connector.UnitTests.TikTok.Reference;

/// <summary>
/// Every Open API call the client makes, checked against TikTok's published reference: the path and method are
/// documented; every query and body parameter sent is documented with a compatible type; every required one is sent
/// (headers included); and the client reads TikTok's own example answer of that endpoint.
/// </summary>
public sealed class ClientConformanceTests
{
    private static readonly TikTokShopRef Shop = new("7494049642642441621", "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3");

    /// <summary>One client call per endpoint, with every filter the client supports filled in.</summary>
    public static IEnumerable<TestCaseData> Calls()
    {
        static TestCaseData Case(string name, Func<ITikTokShopClient, Task> call) => new TestCaseData(call).SetArgDisplayNames(name);
        var ct = CancellationToken.None;

        yield return Case("get authorized shops", c => c.GetAuthorizedShopsAsync(new TikTokAccessToken(ReferenceClient.AccessToken, DateTimeOffset.UtcNow.AddDays(1)), ct));
        yield return Case("search orders", c => c.SearchOrdersAsync(Shop, new TikTokOrderSearch
        {
            OrderStatus = TikTokOrderStatus.AwaitingShipment, CreateTimeGe = 1623812664, CreateTimeLt = 1623899064, UpdateTimeGe = 1623812664,
            UpdateTimeLt = 1623899064, ShippingType = "SELLER", IsBuyerRequestCancel = false, WarehouseIds = ["7000714532876273888"],
        }, new TikTokPageRequest("6AsPQsUMvH3RkchNUPPh22NROHkE0D8pmq", 100, TikTokSortField.UpdateTime, TikTokSortOrder.Ascending), ct));
        yield return Case("get order detail", c => c.GetOrdersAsync(Shop, ["576461413038785752", "576461413038785753"], ct));
        yield return Case("search products", c => c.SearchProductsAsync(Shop, new TikTokProductSearch
        {
            Status = "ACTIVATE", SellerSkus = ["red_iphone_256"], CreateTimeGe = 1623812664, CreateTimeLe = 1623899064, UpdateTimeGe = 1623812664, UpdateTimeLe = 1623899064,
        }, new TikTokPageRequest("b2Zmc2V0PTAK", 100), ct));
        yield return Case("get product", c => c.GetProductAsync(Shop, "1729592969712207008", ct));
        yield return Case("update inventory", c => c.UpdateInventoryAsync(Shop, "1729592969712207008",
            [new TikTokSkuInventory("1729592969712207013", [new TikTokWarehouseInventory("7068517275539719942", 999)])], ct));
        yield return Case("get warehouses", c => c.GetWarehousesAsync(Shop, ct));
        yield return Case("get delivery options", c => c.GetDeliveryOptionsAsync(Shop, "7000714532876273410", ct));
        yield return Case("get shipping providers", c => c.GetShippingProvidersAsync(Shop, "6955034615128000261", ct));
        yield return Case("mark package as shipped", c => c.MarkPackageShippedAsync(Shop, "576461413038785752",
            new TikTokShipPackageRequest("JX12345", "6617675021119438849", ["577086512123755123"]), ct));
        yield return Case("update shipping info", c => c.UpdateShippingInfoAsync(Shop, "576461413038785752", new TikTokShippingInfo("JX12345", "6617675021119438849"), ct));
        yield return Case("search cancellations", c => c.SearchCancellationsAsync(Shop, new TikTokCancellationSearch
        {
            OrderIds = ["576461413038785752"], CancelIds = ["4035318504086604100"], CancelStatus = ["CANCELLATION_REQUEST_PENDING"],
            CreateTimeGe = 1623812664, CreateTimeLt = 1623899064, UpdateTimeGe = 1623812664, UpdateTimeLt = 1623899064,
        }, new TikTokPageRequest("token", 50, TikTokSortField.UpdateTime, TikTokSortOrder.Ascending), ct));
        yield return Case("search returns", c => c.SearchReturnsAsync(Shop, new TikTokReturnSearch
        {
            OrderIds = ["576461413038785752"], ReturnIds = ["4035318504086604100"], ReturnStatus = ["RETURN_OR_REFUND_REQUEST_PENDING"],
            CreateTimeGe = 1623812664, CreateTimeLt = 1623899064, UpdateTimeGe = 1623812664, UpdateTimeLt = 1623899064,
        }, new TikTokPageRequest("token", 50, TikTokSortField.UpdateTime, TikTokSortOrder.Ascending), ct));
        yield return Case("approve cancellation", c => c.ApproveCancellationAsync(Shop, "4035318504086604100", "key-1", ct));
        yield return Case("reject cancellation", c => c.RejectCancellationAsync(Shop, "4035318504086604100", "key-2",
            new TikTokCancellationRejection { RejectReason = "seller_reject_apply_product_has_been_packed", Comment = "Already packed" }, ct));
        yield return Case("approve return", c => c.ApproveReturnAsync(Shop, "4035318504086604100", "key-3",
            new TikTokReturnApproval { Decision = TikTokReturnDecision.ApproveReturn, BuyerKeepItem = true }, ct));
        yield return Case("reject return", c => c.RejectReturnAsync(Shop, "4035318504086604100", "key-4",
            new TikTokReturnRejection { Decision = TikTokReturnDecision.RejectReceivedPackage, RejectReason = "reverse_reject_return_parcel_reason_5", Comment = "Used" }, ct));
        yield return Case("cancel order", c => c.CancelOrderAsync(Shop, new TikTokCancelOrderRequest
        {
            OrderId = "577087614418520388", OrderLineItemIds = ["577087614418716996"], CancelReason = "seller_cancel_reason_out_of_stock",
        }, ct));
        yield return Case("get reject reasons", c => c.GetRejectReasonsAsync(Shop, "4035318504086604100", "en-US", ct));
        yield return Case("get return records", c => c.GetReturnRecordsAsync(Shop, "4035318504086604100", "en-US", ct));
    }

    [TestCaseSource(nameof(Calls))]
    public async Task The_request_is_documented_and_complete(Func<ITikTokShopClient, Task> call)
    {
        await using var world = ReferenceClient.Create();

        await call(world.Client);

        Assert.That(world.Responder.Calls, Is.Not.Empty);
        foreach (var (request, endpoint) in world.Responder.Calls)
        {
            Assert.That(endpoint, Is.Not.Null, $"{request.Method} {request.Path} is not in TikTok's reference"
                + Near(world.Responder.Reference, request));
            ReferenceConformance.AssertRequest(endpoint!, request);
        }
    }

    [TestCaseSource(nameof(Calls))]
    public async Task Content_type_is_application_json_on_every_call(Func<ITikTokShopClient, Task> call)
    {
        await using var world = ReferenceClient.Create();

        await call(world.Client);

        var (request, endpoint) = world.Last;
        Assert.That(endpoint!.RequiresHeader("content-type"), Is.True, "the reference lists content-type as required");
        Assert.That(request.Headers.TryGetValue("content-type", out var contentType), Is.True, $"{request.Method} {request.Path} has no content-type");
        Assert.That(contentType, Does.StartWith("application/json"));
        if (request.Method == HttpMethod.Get)
        {
            Assert.That(request.Body, Is.Empty, "a GET carries no body");
        }
    }

    [Test]
    public async Task Order_and_product_searches_ask_for_the_documented_maximum_page_by_default()
    {
        await using var world = ReferenceClient.Create();

        await world.Client.SearchOrdersAsync(Shop, new TikTokOrderSearch(), new TikTokPageRequest(), CancellationToken.None);
        var orders = world.Last;
        await world.Client.SearchProductsAsync(Shop, new TikTokProductSearch(), new TikTokPageRequest(), CancellationToken.None);
        var products = world.Last;
        await world.Client.SearchCancellationsAsync(Shop, new TikTokCancellationSearch(), new TikTokPageRequest(), CancellationToken.None);
        var cancellations = world.Last;

        Assert.That(orders.Request.QueryValue("page_size"), Is.EqualTo(orders.Endpoint!.Query("page_size")!.DocumentedRange!.Value.Max.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(orders.Request.QueryValue("page_size"), Is.EqualTo("100"));
        Assert.That(products.Request.QueryValue("page_size"), Is.EqualTo("100"));
        Assert.That(products.Endpoint!.Query("page_size")!.DocumentedRange!.Value.Max, Is.EqualTo(100));
        Assert.That(cancellations.Request.QueryValue("page_size"), Is.EqualTo("50"), "cancellation search allows at most 50");
    }

    private static string Near(TikTokReference reference, RecordedRequest request)
    {
        try
        {
            reference.Endpoint(request.Method, request.Path);
            return "";
        }
        catch (KeyNotFoundException e)
        {
            return " (" + e.Message + ")";
        }
    }
}
