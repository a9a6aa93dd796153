using System.Net;
using System.Text;
using System.Text.Json;
using Connector.Audit;
using Connector.Shops;

namespace Connector.EndToEndTests.Admin;

/// <summary>
/// The admin API takes the signed-in person from App Service Authentication's headers (the local host's development
/// sign-in sets the same ones) and records that person in the audit log; without a person or a key it refuses.
/// </summary>
public sealed class SignInTests
{
    private static HttpClient Browser(AdminWorld admin, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = admin.World.Host.Http.BaseAddress };

    private static async Task SignInAsync(HttpClient browser, string name, string email)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = name, ["email"] = email, ["redirect"] = "/api/console/" });
        using var response = await browser.PostAsync(".auth/login/dev", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/api/console/"));
    }

    [Test]
    public async Task A_signed_in_person_is_who_the_admin_api_and_the_audit_log_name()
    {
        await using var admin = await AdminWorld.StartAsync();
        var cookies = new CookieContainer();
        using var browser = Browser(admin, cookies);

        using (var login = await browser.GetAsync(".auth/login/aad?post_login_redirect_uri=/api/console/"))
        {
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await login.Content.ReadAsStringAsync(), Does.Contain("Development sign-in"));
        }

        Assert.That((await browser.GetAsync("api/admin/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await SignInAsync(browser, "Alice Support", "alice@example.test");

        using (var me = await browser.GetAsync("api/admin/me"))
        {
            using var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.RootElement.ToString());
            Assert.That(body.RootElement.GetProperty("name").GetString(), Is.EqualTo("alice@example.test"));
            Assert.That(body.RootElement.GetProperty("via").GetString(), Is.EqualTo("sign-in"));
            Assert.That(body.RootElement.GetProperty("provider").GetString(), Is.EqualTo("dev"));
        }

        using (var activate = await browser.PostAsync($"api/admin/shops/{admin.ShopId}/activate", new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.That(activate.StatusCode, Is.EqualTo(HttpStatusCode.OK), await activate.Content.ReadAsStringAsync());
        }

        var (_, audit, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}/audit");
        var entry = audit.GetProperty("entries")[0];
        Assert.That(entry.GetProperty("action").GetString(), Is.EqualTo(AuditActions.ActivateShop));
        Assert.That(entry.GetProperty("keyName").GetString(), Is.EqualTo("alice@example.test"));

        // Onboarding writes are audited too, naming the person and never the link (it lets a seller in).
        string url;
        using (var link = await browser.PostAsync("api/admin/merchants/merchant-two/onboarding-links", new StringContent("{\"region\":\"GB\"}", Encoding.UTF8, "application/json")))
        {
            Assert.That(link.StatusCode, Is.EqualTo(HttpStatusCode.Created), await link.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await link.Content.ReadAsStringAsync());
            url = body.RootElement.GetProperty("url").GetString()!;
        }

        var (_, global, _) = await admin.GetAsync("api/admin/audit");
        var created = global.GetProperty("entries")[0];
        Assert.That(created.GetProperty("action").GetString(), Is.EqualTo(AuditActions.CreateOnboardingLink));
        Assert.That(created.GetProperty("keyName").GetString(), Is.EqualTo("alice@example.test"));
        Assert.That(created.GetProperty("target").GetString(), Is.EqualTo("merchant-two"));
        Assert.That(created.ToString(), Does.Not.Contain(new Uri(url).Query.TrimStart('?')));

        // Signing out ends it: the next call is refused.
        using (var logout = await browser.GetAsync(".auth/logout?post_logout_redirect_uri=/api/console/"))
        {
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        Assert.That((await browser.GetAsync("api/admin/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Principal_headers_sent_by_a_client_are_removed_and_change_nothing()
    {
        await using var admin = await AdminWorld.StartAsync();
        var forged = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { auth_typ = "aad", claims = new[] { new { typ = "preferred_username", val = "mallory@example.test" } } }));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/admin/shops/{admin.ShopId}/activate") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", forged);
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "mallory@example.test");
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", "mallory");
        using var response = await admin.World.Host.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!.Status, Is.EqualTo(ShopStatus.PendingActivation));
        Assert.That((await admin.GetAsync($"api/admin/shops/{admin.ShopId}/audit")).Body.GetProperty("entries").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Without_the_platforms_sign_in_principal_headers_are_not_believed()
    {
        await using var admin = await AdminWorld.StartAsync(new Dictionary<string, string?> { ["LocalHost:DevelopmentSignIn"] = "false" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/admin/me");
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "mallory@example.test");
        using var response = await admin.World.Host.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var (status, me, _) = await admin.GetAsync("api/admin/me");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(me.GetProperty("name").GetString(), Is.EqualTo("alice"));
        Assert.That(me.GetProperty("via").GetString(), Is.EqualTo("key"));
    }
}
