using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Connector.TikTok;
using Connector.TikTok.Api;
using Connector.TikTok.Http;
using Connector.TikTok.Json;

namespace Connector.UnitTests.TikTok;

public sealed class TikTokEnvelopeTests
{
    private static TikTokOrderPage Read(HttpStatusCode status, string body, RetryConditionHeaderValue? retryAfter = null) =>
        TikTokEnvelope.Read("/order/202309/orders/search", status, retryAfter, Encoding.UTF8.GetBytes(body), TikTokJsonContext.Default.TikTokOrderPage);

    [Test]
    public void Code_zero_returns_the_data()
    {
        var page = Read(HttpStatusCode.OK, """{"code":0,"message":"Success","request_id":"r1","data":{"orders":[{"id":"1"}],"next_page_token":"t","total_count":7}}""");

        Assert.That(page.Orders.Single().Id, Is.EqualTo("1"));
        Assert.That(page.NextPageToken, Is.EqualTo("t"));
        Assert.That(page.TotalCount, Is.EqualTo(7));
    }

    [TestCase(200, 105002, TikTokErrorKind.AccessTokenExpired)]
    [TestCase(401, 105001, TikTokErrorKind.AuthorizationRevoked)]
    [TestCase(200, 105005, TikTokErrorKind.AuthorizationRevoked)]
    [TestCase(400, 36004001, TikTokErrorKind.AuthorizationRevoked)]
    [TestCase(400, 36004005, TikTokErrorKind.AuthorizationRevoked)]
    [TestCase(401, 106001, TikTokErrorKind.InvalidSignature)]
    [TestCase(400, 36009004, TikTokErrorKind.InvalidRequest)]
    [TestCase(200, 36009002, TikTokErrorKind.RateLimited)]
    [TestCase(429, 36009002, TikTokErrorKind.RateLimited)]
    [TestCase(200, 36009007, TikTokErrorKind.Transient)]
    [TestCase(400, 106013, TikTokErrorKind.InvalidRequest)]
    [TestCase(401, 101000, TikTokErrorKind.AuthorizationRevoked)]
    [TestCase(404, 36009009, TikTokErrorKind.InvalidRequest)]
    [TestCase(200, 36009003, TikTokErrorKind.Transient)]
    [TestCase(200, 25020008, TikTokErrorKind.Transient)]
    [TestCase(429, 12345, TikTokErrorKind.RateLimited)]
    [TestCase(503, 12345, TikTokErrorKind.Transient)]
    [TestCase(403, 12345, TikTokErrorKind.InvalidRequest)]
    [TestCase(200, 12345, TikTokErrorKind.Unknown)]
    public void Non_zero_codes_map_to_a_kind_and_keep_the_request_id(int status, long code, TikTokErrorKind kind)
    {
        var error = Assert.Throws<TikTokException>(() => Read((HttpStatusCode)status, "{\"code\":" + code + ",\"message\":\"nope\",\"request_id\":\"req-42\",\"data\":{}}"))!;

        Assert.That(error.Kind, Is.EqualTo(kind));
        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.RequestId, Is.EqualTo("req-42"));
        Assert.That(error.Message, Does.Contain("req-42").And.Contain("/order/202309/orders/search"));
    }

    [Test]
    public void Http_error_with_code_zero_is_still_an_error()
    {
        var error = Assert.Throws<TikTokException>(() => Read(HttpStatusCode.BadGateway, """{"code":0,"message":"","request_id":"r"}"""))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.Transient));
    }

    [TestCase("{\"code\":0,\"message\":\"Succ")]
    [TestCase("<html>gateway</html>")]
    [TestCase("[1,2]")]
    [TestCase("{\"message\":\"no code\"}")]
    public void Malformed_answers_are_transient_errors_not_crashes(string body)
    {
        var error = Assert.Throws<TikTokException>(() => Read(HttpStatusCode.OK, body))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.Transient));
        Assert.That(error.IsRetryable, Is.True);
    }

    [Test]
    public void Retry_after_is_kept_on_the_error()
    {
        var error = Assert.Throws<TikTokException>(() =>
            Read((HttpStatusCode)429, """{"code":1,"message":"slow down","request_id":"r"}""", new RetryConditionHeaderValue(TimeSpan.FromSeconds(3))))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.RateLimited));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void Missing_data_reads_as_an_empty_payload()
    {
        var page = Read(HttpStatusCode.OK, """{"code":0,"message":"Success","request_id":"r"}""");

        Assert.That(page.Orders.Count, Is.Zero);
    }
}
