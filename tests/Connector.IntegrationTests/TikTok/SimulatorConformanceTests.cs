using System.Net;
using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Api;
using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

/// <summary>
/// The simulator answers as TikTok's published reference says: every endpoint it serves exists there, every field of
/// its answers is documented with a compatible type (nothing the reference does not document), and its errors carry
/// TikTok's codes for TikTok's reasons.
/// </summary>
public sealed class SimulatorConformanceTests
{
    private static TikTokSimulatorServer Sim => TikTokTestShop.Sim;

    private static TikTokReference Reference => TikTokReference.Default;

    [TestCase("GB")]
    [TestCase("US")]
    public async Task Every_answer_of_every_endpoint_the_client_uses_conforms_to_the_reference(string region)
    {
        var log = new ExchangeLog();
        await using var world = await TikTokTestShop.CreateAsync(exchanges: log, region: region);
        var ct = CancellationToken.None;
        var shopId = world.Shop.ShopId;
        var products = Sim.State.SetProducts(shopId, [new SimProductInput(null, "Mug", [new SimSkuInput(null, "MUG-1", 9.99m), new SimSkuInput(null, "MUG-2", 12.50m)])]);
        var orders = Sim.State.GenerateOrders(shopId, 6, seed: 17, status: "AWAITING_SHIPMENT", orderOptions: new SimOrderOptions(ShippingType: "SELLER"));
        Sim.State.GenerateOrders(shopId, 3, seed: 18, status: "AWAITING_SHIPMENT", orderOptions: new SimOrderOptions(ShippingType: "TIKTOK"));
        Sim.State.GenerateOrders(shopId, 3, seed: 19);
        var delivered = Sim.State.GenerateOrders(shopId, 1, seed: 20, status: "DELIVERED", orderOptions: new SimOrderOptions(ShippingType: "SELLER"));
        var cancellation = Sim.State.RequestCancellation(shopId, orders[0].Id);
        var rejected = Sim.State.RequestCancellation(shopId, orders[1].Id);
        Sim.State.WarnOnShip(shopId);

        await world.Client.GetAuthorizedShopsAsync(new TikTokAccessToken(world.Tokens.AccessToken(shopId), DateTimeOffset.UtcNow.AddDays(1)), ct);
        var page = await world.Client.SearchOrdersAsync(world.Shop, new TikTokOrderSearch(), new TikTokPageRequest(), ct);
        var detail = await world.Client.GetOrdersAsync(world.Shop, page.Orders.Select(o => o.Id), ct);
        await world.Client.SearchProductsAsync(world.Shop, new TikTokProductSearch { UpdateTimeLe = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds() }, new TikTokPageRequest(), ct);
        var product = await world.Client.GetProductAsync(world.Shop, products[0].Id, ct);
        var warehouses = await world.Client.GetWarehousesAsync(world.Shop, ct);
        var sales = warehouses.First(w => w.Type == "SALES_WAREHOUSE");
        var options = await world.Client.GetDeliveryOptionsAsync(world.Shop, sales.Id, ct);
        var providers = await world.Client.GetShippingProvidersAsync(world.Shop, options[0].Id, ct);
        await world.Client.UpdateInventoryAsync(world.Shop, product.Id,
            [new TikTokSkuInventory(product.Skus[0].Id, [new TikTokWarehouseInventory(sales.Id, 5)]), new TikTokSkuInventory(product.Skus[1].Id, [new TikTokWarehouseInventory("7068000000000000000", 5)])], ct);
        var toShip = detail.First(o => o.Id == orders[2].Id);
        await world.Client.MarkPackageShippedAsync(world.Shop, toShip.Id, new TikTokShipPackageRequest("TRK1", providers[0].Id, [toShip.LineItems[0].Id]), ct);
        await world.Client.UpdateShippingInfoAsync(world.Shop, toShip.Id, new TikTokShippingInfo("TRK2", providers[0].Id), ct);
        await world.Client.SearchCancellationsAsync(world.Shop, new TikTokCancellationSearch(), new TikTokPageRequest(), ct);
        await world.Client.ApproveCancellationAsync(world.Shop, cancellation.Id, "k1", ct);
        await world.Client.RejectCancellationAsync(world.Shop, rejected.Id, "k2", new TikTokCancellationRejection { RejectReason = "seller_reject_apply_product_has_been_packed" }, ct);
        var returned = Sim.State.RequestReturn(shopId, delivered[0].Id);
        await world.Client.SearchReturnsAsync(world.Shop, new TikTokReturnSearch(), new TikTokPageRequest(), ct);

        Assert.That(returned.Id, Is.Not.Empty);
        Assert.That(log.All, Has.Count.GreaterThanOrEqualTo(15));
        var problems = new List<string>();
        foreach (var exchange in log.All)
        {
            var endpoint = Reference.TryEndpoint(exchange.Request.Method, exchange.Request.Path);
            if (endpoint is null)
            {
                problems.Add($"{exchange.Request.Method} {exchange.Request.Path}: not in TikTok's reference");
                continue;
            }

            Assert.That(exchange.Status, Is.EqualTo(HttpStatusCode.OK), $"{endpoint}: {exchange.ResponseBody}");
            problems.AddRange(ReferenceConformance.ResponseProblems(endpoint, exchange.ResponseJson).Select(p => $"{endpoint}: {p}"));
            problems.AddRange(ReferenceConformance.RequestProblems(endpoint, exchange.Request).Select(p => $"{endpoint} (request): {p}"));
        }

        problems = problems.Distinct().ToList();
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public async Task The_token_answer_has_the_fields_of_the_authorization_guides_example()
    {
        await using var world = await TikTokTestShop.CreateAsync(authorize: false);
        var code = Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId);
        var example = TikTokReference.Default.Guide("get-started/authorization/authorization-overview-202407").CodeBlocks
            .Select(b => Markdown(b.Code)).First(n => n?["data"]?["access_token_expire_in"] is not null)!;
        using var http = new HttpClient();

        var answer = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(Sim.BaseUri,
            $"api/v2/token/get?app_key={world.App.AppKey}&app_secret={world.App.AppSecret}&auth_code={Uri.EscapeDataString(code)}&grant_type=authorized_code")))!;

        Assert.That(answer["data"]!.AsObject().Select(f => f.Key), Is.EquivalentTo(example["data"]!.AsObject().Select(f => f.Key)));
        Assert.That(answer.AsObject().Select(f => f.Key), Is.EquivalentTo(example.AsObject().Select(f => f.Key)));
    }

    private static System.Text.Json.Nodes.JsonNode? Markdown(string code)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(code);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [Test]
    public async Task Shops_have_their_regions_carriers_and_currency()
    {
        await using var us = await TikTokTestShop.CreateAsync(region: "US");
        await using var gb = await TikTokTestShop.CreateAsync(region: "GB");

        async Task<(IReadOnlyList<string> Carriers, string Currency)> Read(TikTokTestShop world)
        {
            var warehouse = (await world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None)).First(w => w.IsDefault);
            var option = (await world.Client.GetDeliveryOptionsAsync(world.Shop, warehouse.Id, CancellationToken.None)).Single();
            var carriers = (await world.Client.GetShippingProvidersAsync(world.Shop, option.Id, CancellationToken.None)).Select(p => p.Name!).ToList();
            var order = Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 1, status: "AWAITING_SHIPMENT")[0];
            var detail = (await world.Client.GetOrdersAsync(world.Shop, [order.Id], CancellationToken.None)).Single();
            Assert.That(detail.RecipientAddress!.RegionCode, Is.EqualTo(world.SimShop.Region));
            Assert.That(warehouse.Address!.RegionCode, Is.EqualTo(world.SimShop.Region));
            return (carriers, detail.Payment!.Currency!);
        }

        Assert.That(await Read(us), Is.EqualTo((new[] { "USPS", "UPS", "FedEx" }, "USD")).Using<(IReadOnlyList<string>, string)>((a, b) => a.Item1.SequenceEqual(b.Item1) && a.Item2 == b.Item2));
        var (gbCarriers, gbCurrency) = await Read(gb);
        Assert.That(gbCarriers, Is.EqualTo(new[] { "Royal Mail", "DPD", "Evri" }));
        Assert.That(gbCurrency, Is.EqualTo("GBP"));
    }

    [Test]
    public async Task Generated_orders_carry_the_shipping_type_fulfilment_type_and_on_hold_flag_asked_for()
    {
        await using var world = await TikTokTestShop.CreateAsync(region: "US");
        var tiktokShipping = Sim.State.GenerateOrders(world.Shop.ShopId, 2, seed: 1, status: "AWAITING_SHIPMENT", orderOptions: new SimOrderOptions("TIKTOK", "FULFILLMENT_BY_SELLER", true));
        var fbt = Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 2, status: "AWAITING_SHIPMENT", orderOptions: new SimOrderOptions(FulfillmentType: "FULFILLMENT_BY_TIKTOK"));
        var held = Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 3, status: "ON_HOLD");

        var orders = (await world.Client.GetOrdersAsync(world.Shop, tiktokShipping.Concat(fbt).Concat(held).Select(o => o.Id), CancellationToken.None)).ToDictionary(o => o.Id);

        Assert.That(tiktokShipping.Select(o => (orders[o.Id].ShippingType, orders[o.Id].FulfillmentType, orders[o.Id].IsOnHoldOrder)),
            Is.All.EqualTo(("TIKTOK", "FULFILLMENT_BY_SELLER", true)));
        Assert.That(orders[fbt[0].Id].FulfillmentType, Is.EqualTo("FULFILLMENT_BY_TIKTOK"));
        Assert.That(orders[held[0].Id].IsOnHoldOrder, Is.True);
        Assert.That(Assert.Throws<SimException>(() => Sim.State.GenerateOrders(world.Shop.ShopId, 1, seed: 4, orderOptions: new SimOrderOptions("PLATFORM")))!.Message,
            Does.Contain("TIKTOK or SELLER"));
    }

    [Test]
    public async Task The_control_API_generates_orders_with_shipping_and_fulfilment_types()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        using var http = new HttpClient { BaseAddress = Sim.BaseUri };

        using var response = await http.PostAsync($"_sim/shops/{world.Shop.ShopId}/orders/generate",
            new StringContent("""{"count":2,"seed":5,"status":"AWAITING_SHIPMENT","shipping_type":"TIKTOK","fulfillment_type":"FULFILLMENT_BY_SELLER","is_on_hold_order":true}""",
                System.Text.Encoding.UTF8, "application/json"));
        var ids = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["order_ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

        Assert.That(ids, Has.Count.EqualTo(2));
        Assert.That(ids.Select(id => Sim.State.Shop(world.Shop.ShopId).Orders[id]).Select(o => (o.ShippingType, o.FulfillmentType, o.IsOnHoldOrder)),
            Is.All.EqualTo(("TIKTOK", "FULFILLMENT_BY_SELLER", true)));
    }

    public static IEnumerable<TestCaseData> Refusals()
    {
        static TestCaseData Case(string name, int seconds, bool accepted) => new TestCaseData(seconds, accepted).SetArgDisplayNames(name);
        yield return Case("4 min 50 s behind", -290, true);
        yield return Case("5 min 10 s behind", -310, false);
        yield return Case("20 s ahead", 20, true);
        yield return Case("40 s ahead", 40, false);
    }

    [TestCaseSource(nameof(Refusals))]
    public async Task Timestamps_are_accepted_from_5_minutes_behind_to_30_seconds_ahead(int seconds, bool accepted)
    {
        await using var world = await TikTokTestShop.CreateAsync();

        var (status, code, message) = await SendAsync(world, DateTimeOffset.UtcNow.AddSeconds(seconds).ToUnixTimeSeconds());

        if (accepted)
        {
            Assert.That((status, code), Is.EqualTo((HttpStatusCode.OK, 0L)), message);
        }
        else
        {
            Assert.That(code, Is.EqualTo(36009004));
            Assert.That(message, Does.Contain(seconds < 0 ? "5 minutes before the current time" : "more than 30 seconds"));
        }
    }

    [Test]
    public async Task Credentials_and_identifiers_are_refused_with_TikToks_documented_codes()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var other = await TikTokTestShop.CreateAsync();
        await using var _ = other;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.That((await SendAsync(world, now, token: "TTP_not-a-token")).Code, Is.EqualTo(36009004), "unknown access token");
        Assert.That((await SendAsync(world, now, cipher: "")).Code, Is.EqualTo(106013), "missing shop_cipher");
        Assert.That((await SendAsync(world, now, cipher: other.Shop.Cipher)).Code, Is.EqualTo(101000), "a shop the token does not cover");
        Assert.That((await SendAsync(world, now, cipher: world.Shop.Cipher, path: "/authorization/202309/shops")).Code, Is.EqualTo(36009004), "shop_cipher on an authorization call");
        Assert.That((await SendAsync(world, now, sign: false)).Code, Is.EqualTo(36009004), "no sign");
        Assert.That((await SendAsync(world, now, secret: "wrong-secret")).Code, Is.EqualTo(106001), "a wrong sign");

        Sim.State.ExpireAccessTokens(world.App.AppKey, world.Seller.OpenId);
        Assert.That((await SendAsync(world, now)).Code, Is.EqualTo(105002), "expired");
        Sim.State.Revoke(world.App.AppKey, world.Seller.OpenId);
        var revoked = await SendAsync(world, now);
        Assert.That(revoked.Code, Is.EqualTo(105001), "deauthorized");
        Assert.That(revoked.Message, Does.Contain("deauthorized"));
    }

    [Test]
    public async Task Over_TikToks_rate_limit_the_answer_is_429_with_36009002_and_the_client_takes_it_as_rate_limited()
    {
        await using var world = await TikTokTestShop.CreateAsync(new Dictionary<string, string?> { ["MaxRetries"] = "1", ["RetryBaseDelay"] = "00:00:00.001" });
        Sim.State.SetApiQuota(world.App.AppKey, null); // TikTok's default: 50 per second per API, app and shop
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => SendAsync(world, now)));

        Assert.That(answers.Count(a => a.Code == 0), Is.InRange(50, 60), "about 50 per second go through");
        var refused = answers.Where(a => a.Code != 0).ToList();
        Assert.That(refused, Is.Not.Empty);
        Assert.That(refused.Select(a => (a.Status, a.Code)), Is.All.EqualTo(((HttpStatusCode)429, 36009002L)));
        Assert.That((await SendAsync(world, now, path: "/authorization/202309/shops")).Code, Is.EqualTo(0), "another API has its own quota");

        Sim.Faults.Add(new FaultRule { AppKey = world.App.AppKey, Kind = FaultKind.RateLimited, Count = 5, RetryAfterSeconds = 0 });
        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None)))!;
        Assert.That((error.Kind, error.Code, error.HttpStatus), Is.EqualTo((TikTokErrorKind.RateLimited, (long?)36009002, (int?)429)));
    }

    [Test]
    public async Task Page_sizes_outside_TikToks_documented_ranges_are_refused()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var ok = await SendAsync(world, now, path: "/order/202309/orders/search", method: HttpMethod.Post, body: "{}", query: [new("page_size", "100")]);
        var tooMany = await SendAsync(world, now, path: "/order/202309/orders/search", method: HttpMethod.Post, body: "{}", query: [new("page_size", "101")]);

        Assert.That(ok.Code, Is.EqualTo(0));
        Assert.That(tooMany.Code, Is.EqualTo(36009004));
        Assert.That((await SendAsync(world, now, path: "/return_refund/202309/cancellations/search", method: HttpMethod.Post, body: "{}", query: [new("page_size", "51")])).Code,
            Is.EqualTo(25001001), "cancellation search: [1-50]; its reference documents 25001001 for an invalid parameter");
        Assert.That((await SendAsync(world, now, path: "/return_refund/202309/returns/search", method: HttpMethod.Post, body: "{}", query: [new("page_size", "9")])).Code,
            Is.EqualTo(25001001), "return search: [10-50]");
        Assert.That((await SendAsync(world, now, path: "/return_refund/202309/returns/search", method: HttpMethod.Post, body: "{}", query: [new("page_size", "50")])).Code,
            Is.EqualTo(0));
    }

    private static async Task<(HttpStatusCode Status, long Code, string Message)> SendAsync(TikTokTestShop world, long timestamp, string? token = null, string? cipher = null,
        string path = "/logistics/202309/warehouses", bool sign = true, string? secret = null, HttpMethod? method = null, string? body = null,
        IEnumerable<KeyValuePair<string, string>>? query = null, bool cipherParam = true)
    {
        using var http = new HttpClient();
        var shopCall = !path.StartsWith("/authorization/", StringComparison.Ordinal) || cipher is not null;
        var useCipher = cipher ?? world.Shop.Cipher;
        using var request = SignedRequest.Create(Sim.BaseUri, world.App.AppKey, secret ?? world.App.AppSecret, method ?? HttpMethod.Get, path,
            token ?? world.Tokens.AccessToken(world.Shop.ShopId), timestamp, shopCall && cipherParam && useCipher.Length > 0 ? useCipher : null, body, query, sign);
        using var response = await http.SendAsync(request);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, json["code"]!.GetValue<long>(), json["message"]?.GetValue<string>() ?? "");
    }
}
