using Connector.Testing.TikTokReference;

namespace Connector.UnitTests.TikTok.Reference;

/// <summary>The reader of TikTok's published reference works, so the conformance tests built on it can fail.</summary>
public class TikTokReferenceReaderTests
{
    private static TikTokReference Ref => TikTokReference.Default;

    [Test]
    public void Finds_the_reference_next_to_the_repository_and_reads_every_spec()
    {
        Assert.That(Ref.Endpoints, Has.Count.GreaterThan(100));
        Assert.That(Ref.Endpoints.Select(e => e.PathTemplate), Has.All.StartWith("/"));
    }

    [Test]
    public void Looks_up_endpoints_by_method_and_concrete_or_template_path()
    {
        var search = Ref.Endpoint(HttpMethod.Post, "/order/202309/orders/search?page_size=100");
        Assert.That(search.RelativeFile, Is.EqualTo("api-reference/orders/get-order-list.spec.json"));

        var ship = Ref.Endpoint(HttpMethod.Post, "/fulfillment/202309/orders/576461413038785752/packages");
        Assert.That(ship.Title, Does.Contain("Shipped").IgnoreCase);
        Assert.That(ship.PathParams.Select(p => p.Name), Is.EqualTo(new[] { "order_id" }));

        Assert.That(Ref.TryEndpoint(HttpMethod.Get, "/order/202309/orders/search"), Is.Null, "wrong method");
        var ex = Assert.Throws<KeyNotFoundException>(() => Ref.Endpoint(HttpMethod.Get, "/order/202309/orders"));
        Assert.That(ex!.Message, Does.Contain("/order/202507/orders"), "names the documented version");
    }

    [Test]
    public void Nests_parameters_and_response_fields_as_documented()
    {
        var detail = Ref.EndpointFile("orders/get-order-detail.spec.json");
        var sku = detail.Response("data.orders.line_items.sku_id");
        Assert.That(sku, Is.Not.Null);
        Assert.That(sku!.Type, Is.EqualTo("string"));
        Assert.That(detail.Response("data.orders")!.Type, Is.EqualTo("[]object"));
        Assert.That(detail.Query("ids")!.Required, Is.True);

        var list = Ref.EndpointFile("orders/get-order-list.spec.json");
        Assert.That(list.Query("page_size")!.DocumentedRange, Is.EqualTo(((long)1, (long)100)));
        Assert.That(list.Body("order_status")!.DocumentedValues, Does.Contain("AWAITING_SHIPMENT").And.Contain("ON_HOLD"));
        Assert.That(list.RequiresHeader("content-type"), Is.True);
        Assert.That(Ref.EndpointFile("products/update-inventory.spec.json").Body("skus.inventory.quantity")!.DocumentedRange, Is.EqualTo(((long)1, (long)99_999)));
    }

    [Test]
    public void Every_documented_example_response_parses_and_matches_its_own_fields_at_the_top()
    {
        foreach (var e in Ref.Endpoints.Where(e => e.ResponseBodyExampleText is not null))
        {
            Assert.That(e.ResponseBodyExample, Is.Not.Null, e.ToString());
            Assert.That(e.ResponseBodyExample!["code"], Is.Not.Null, e.ToString());
        }
    }

    [Test]
    public void Reads_webhook_examples_and_their_parameter_tables()
    {
        var cancel = Ref.Webhook(11);
        Assert.That((int)cancel.Example["type"]!, Is.EqualTo(11));
        Assert.That(cancel.Example["data"]!["cancel_status"]!.GetValue<string>(), Is.EqualTo("CANCELLATION_REQUEST_PENDING"));
        Assert.That(cancel.DataParameters.Select(p => p.Name), Does.Contain("cancel_id"));
        Assert.That(Ref.Webhook(4).DataParameters.Select(p => p.Name), Does.Contain("package_list.package_id"));
        Assert.That(Ref.Webhooks.Select(w => w.Type), Is.SupersetOf(new[] { 1, 3, 4, 5, 6, 7, 11, 12 }));
    }

    [Test]
    public void The_conformance_check_names_undocumented_mistyped_and_missing_fields()
    {
        var search = Ref.EndpointFile("orders/get-order-list.spec.json");
        var request = new RecordedRequest(HttpMethod.Post, "/order/202309/orders/search",
            RecordedRequest.ParseQuery("app_key=a&sign=s&timestamp=1&shop_cipher=c&page_size=abc&made_up=1"),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-tts-access-token"] = "t" },
            "{\"order_status\":1,\"invented\":true}");

        var problems = ReferenceConformance.RequestProblems(search, request);

        Assert.That(problems, Has.Some.Contains("'made_up' is not documented"));
        Assert.That(problems, Has.Some.Contains("'page_size' = 'abc' is not a int"));
        Assert.That(problems, Has.Some.Contains("'body.order_status' is number"));
        Assert.That(problems, Has.Some.Contains("'body.invented' is not documented"));
        Assert.That(problems, Has.Some.Contains("required header 'content-type'"));

        Assert.That(ReferenceConformance.ResponseProblems(search, search.ResponseBodyExample), Is.Empty, "TikTok's own example conforms");
        var wrong = System.Text.Json.Nodes.JsonNode.Parse("{\"code\":0,\"data\":{\"orders\":[{\"id\":5,\"nope\":1}]}}");
        Assert.That(ReferenceConformance.ResponseProblems(search, wrong),
            Is.EquivalentTo(new[] { "'data.orders.id' is number 5, documented string", "'data.orders.nope' is not documented" }));
    }

    [Test]
    public void Reads_the_developer_guide()
    {
        var sign = Ref.Guide("tiktok-shop-api-concepts/sign-your-api-request");
        Assert.That(sign.Title, Is.EqualTo("Sign your API request"));
        Assert.That(sign.CodeBlocks, Is.Not.Empty);
    }
}
