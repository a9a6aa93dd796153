using System.Net;
using System.Reflection;
using Connector.EndToEndTests.Admin;
using Connector.Functions.Health;
using Microsoft.Azure.Functions.Worker;

namespace Connector.EndToEndTests.LocalHost;

/// <summary>Any oversized request is 413 problem+json, on every route; nothing behind it changes.</summary>
public sealed class OversizedRequestTests
{
    private static IEnumerable<(string Method, string Route)> Routes() =>
        typeof(HealthFunction).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .SelectMany(t => t.Methods!.Select(method => (method.ToUpperInvariant(), t.Route!)));

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(AdminWorld admin, string method, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        request.Headers.Add("x-functions-key", AdminWorld.AliceKey);
        using var response = await admin.World.Host.Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_body_over_the_hosts_30_MB_is_413_problem_json_on_every_route()
    {
        await using var admin = await AdminWorld.StartAsync();
        var huge = new byte[31_000_000];
        Array.Fill(huge, (byte)' ');
        huge[0] = (byte)'{';
        huge[^1] = (byte)'}';
        foreach (var (method, route) in Routes())
        {
            var path = "api/" + route.Replace("{shopId}", admin.ShopId).Replace("{merchantId}", AdminWorld.Merchant).Replace("{what}", "orders")
                .Replace("{queue}", "order-pull").Replace("{messageId}", "m").Replace("{runId}", "r").Replace("{caseId}", "c").Replace("{orderId}", "o")
                .Replace("{authorizationId}", "a").Replace("{shipmentId}", "s") + (method == "DELETE" ? $"?confirm={admin.ShopId}" : "");
            var content = new ByteArrayContent(huge);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var (status, type, body) = await SendAsync(admin, method, path, content);
            Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), $"{method} {path}: {body}");
            Assert.That(type, Is.EqualTo("application/problem+json"), $"{method} {path}");
            Assert.That(body, Does.Contain("too large"), $"{method} {path}");
        }

        Assert.That(await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None), Is.Not.Null, "the delete was refused too");
    }

    [Test]
    public async Task A_body_over_the_connectors_8_MiB_is_413_problem_json_even_without_a_length()
    {
        await using var admin = await AdminWorld.StartAsync();
        var levels = string.Join(",", Enumerable.Repeat("{\"sku\":\"" + new string('A', 150) + "\",\"location\":\"main\",\"quantity\":1,\"asOf\":\"2026-01-01T00:00:00Z\"}", 60_000));
        var json = "{\"levels\":[" + levels + "]}";
        Assert.That(json.Length, Is.GreaterThan(9_000_000));

        var (announced, type, body) = await SendAsync(admin, "PUT", $"api/merchants/{AdminWorld.Merchant}/inventory", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(announced, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), body);
        Assert.That(type, Is.EqualTo("application/problem+json"));

        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/merchants/{AdminWorld.Merchant}/skus") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("x-functions-key", AdminWorld.AliceKey);
        using var response = await admin.World.Host.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
