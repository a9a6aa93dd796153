using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connector.EndToEndTests.Onboarding;
using Connector.Tokens;

namespace Connector.EndToEndTests.Admin;

/// <summary>Every admin write is in the audit log with the key that made it, the onboarding ones included.</summary>
public sealed class AdminWritesAuditTests
{
    private const string BobKey = "bob-key-value";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(OnboardingWorld world, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Add("x-functions-key", BobKey);
        using var response = await world.Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static async Task<IReadOnlyList<JsonElement>> AuditAsync(OnboardingWorld world, string path)
    {
        var (status, body) = await SendAsync(world, HttpMethod.Get, path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body.GetProperty("entries").EnumerateArray().ToList();
    }

    [Test]
    public async Task Onboarding_links_pasted_redirects_and_assignments_are_audited_with_the_key_name()
    {
        await using var world = await OnboardingWorld.StartAsync(new Dictionary<string, string?> { ["LocalHost:FunctionKeys:bob"] = BobKey });

        var (created, link) = await SendAsync(world, HttpMethod.Post, "api/admin/merchants/merchant-7/onboarding-links", new { region = "GB" });
        Assert.That(created, Is.EqualTo(HttpStatusCode.Created), link.ToString());
        var callback = await world.ConsentAsync(await world.OpenLinkAsync(new Uri(link.GetProperty("url").GetString()!)));
        var (completed, outcome) = await SendAsync(world, HttpMethod.Post, "api/admin/oauth/complete", new { redirectUrl = "https://pasted.example/cb" + callback.Query });
        Assert.That(completed, Is.EqualTo(HttpStatusCode.OK), outcome.ToString());

        var second = OnboardingWorld.Sim.State.CreateSeller();
        var code = OnboardingWorld.Sim.State.CreateAuthCode(world.App.AppKey, second.OpenId);
        Assert.That((await world.OpenAsync($"api/oauth/tiktok/callback?code={Uri.EscapeDataString(code)}")).Status, Is.EqualTo(HttpStatusCode.OK));
        var secondAuthorization = AuthorizationRepository.IdFor(world.App.AppKey, second.OpenId);
        var (assigned, assignment) = await SendAsync(world, HttpMethod.Post, $"api/admin/authorizations/{secondAuthorization}/assign", new { merchantId = "merchant-8" });
        Assert.That(assigned, Is.EqualTo(HttpStatusCode.OK), assignment.ToString());

        var global = await AuditAsync(world, "api/admin/audit");
        Assert.That(global.Select(e => e.GetProperty("action").GetString()),
            Is.SupersetOf(new[] { "onboarding.link", "onboarding.complete", "authorization.assign" }));
        Assert.That(global.Select(e => e.GetProperty("keyName").GetString()), Is.All.EqualTo("bob"));
        var linkEntry = global.Single(e => e.GetProperty("action").GetString() == "onboarding.link");
        Assert.That(linkEntry.GetProperty("target").GetString(), Is.EqualTo("merchant-7"));
        Assert.That(linkEntry.GetProperty("change").ToString(), Does.Not.Contain("sig="), "the link's signature is not kept");

        var firstShop = await AuditAsync(world, $"api/admin/shops/{world.Seller.Shops[0].Id}/audit");
        Assert.That(firstShop.Select(e => e.GetProperty("action").GetString()), Does.Contain("onboarding.complete"));
        var secondShop = await AuditAsync(world, $"api/admin/shops/{second.Shops[0].Id}/audit");
        var assignEntry = secondShop.Single(e => e.GetProperty("action").GetString() == "authorization.assign");
        Assert.That(assignEntry.GetProperty("change").GetProperty("merchantId").GetString(), Is.EqualTo("merchant-8"));
        Assert.That(assignEntry.GetProperty("keyName").GetString(), Is.EqualTo("bob"));
    }
}
