using System.Text.Json;
using Connector.Testing.TikTokReference;

namespace Connector.UnitTests.AfterSales;

/// <summary>The conformance checks themselves: they catch what they are meant to catch.</summary>
public sealed class ReferenceSpecTests
{
    private static readonly ReferenceSpec RejectReturn = ReferenceSpec.Load("api-reference/return-and-refund/reject-return.spec.json");
    private static readonly ReferenceSpec SearchReturns = ReferenceSpec.Load("api-reference/return-and-refund/search-returns.spec.json");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Test]
    public void A_body_without_the_required_decision_or_with_an_undocumented_field_is_caught()
    {
        Assert.That(RejectReturn.CheckBody(Json("""{"reject_reason":"r"}""")), Has.Some.Contains("required body.decision"));
        Assert.That(RejectReturn.CheckBody(Json("""{"decision":"REJECT_RETURN","reject_reason":"r","reason":"x"}""")), Has.Some.Contains("body.reason is not documented"));
        Assert.That(RejectReturn.CheckBody(Json("""{"decision":1,"reject_reason":"r"}""")), Has.Some.Contains("documented as string"));
        Assert.That(RejectReturn.CheckBody(Json("""{"decision":"REJECT_RETURN","reject_reason":"r","images":[{"mime_type":"image/png"}]}""")),
            Has.Some.Contains("required body.images[0].image_id"));
        Assert.That(RejectReturn.CheckBody(Json(RejectReturn.RequestExample!)), Is.Empty, "TikTok's own example passes");
    }

    [Test]
    public void An_answer_with_a_field_TikTok_does_not_document_or_of_another_type_is_caught()
    {
        Assert.That(SearchReturns.CheckResponse(Json(SearchReturns.ResponseExample!)), Is.Empty.Or.All.Contains("is_combined_return"),
            "TikTok's example (its is_combined_return is a string)");
        Assert.That(SearchReturns.CheckResponse(Json("""{"code":0,"message":"ok","request_id":"r","data":{"return_orders":[{"return_id":"1","buyer_email":"x"}]}}""")),
            Has.Some.Contains("data.return_orders[0].buyer_email is not documented"));
        Assert.That(SearchReturns.CheckResponse(Json("""{"code":0,"message":"ok","request_id":"r","data":{"total_count":"7"}}""")),
            Has.Some.Contains("data.total_count is String"));
    }

    [Test]
    public void Query_parameters_are_checked_for_documentation_type_and_presence()
    {
        Assert.That(RejectReturn.CheckQuery([new("app_key", "a"), new("sign", "s"), new("timestamp", "soon"), new("shop_cipher", "c"), new("page", "1")]),
            Is.EquivalentTo(new[] { "query timestamp=soon does not fit the documented type int", "query page is not documented for POST /return_refund/202309/returns/{return_id}/reject" }));
        Assert.That(RejectReturn.CheckQuery([new("app_key", "a")]), Has.Some.Contains("required query sign"));
        Assert.That(RejectReturn.Matches("POST", "/return_refund/202309/returns/4035/reject"), Is.True);
        Assert.That(RejectReturn.Matches("GET", "/return_refund/202309/returns/4035/reject"), Is.False);
    }
}
