using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Connector.Admin;
using Connector.Http;
using Connector.SupportConsole;
using Microsoft.AspNetCore.Http;

namespace Connector.UnitTests.Admin;

/// <summary>Who the admin API takes a caller to be, from App Service Authentication's headers or a checked key.</summary>
public sealed class AdminCallerTests
{
    private static string Principal(object value) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value));

    private static HttpRequest Request(Dictionary<string, string>? headers = null, string? keyName = null)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers ?? [])
        {
            context.Request.Headers[name] = value;
        }

        if (keyName is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AdminCaller.KeyIdClaim, keyName)], "WebJobsAuthLevel"));
        }

        return context.Request;
    }

    [Test]
    public void An_entra_principal_is_named_by_its_user_principal_name_and_identified_by_its_object_id()
    {
        var encoded = Principal(new
        {
            auth_typ = "aad",
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            claims = new[]
            {
                new { typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", val = "Alice Support" },
                new { typ = "preferred_username", val = "alice@contoso.example" },
                new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = "6f1c-oid" },
            },
        });

        var fromClaims = AdminCaller.Identify(Request(new() { [AdminCaller.PrincipalHeader] = encoded }), trustPrincipalHeaders: true);
        Assert.That(fromClaims, Is.EqualTo(new AdminIdentity("Alice Support", "6f1c-oid", AdminCaller.ViaSignIn, "aad")));

        // The platform's -NAME and -ID headers win: that is what App Service says the caller is.
        var fromHeaders = AdminCaller.Identify(Request(new()
        {
            [AdminCaller.PrincipalHeader] = encoded, [AdminCaller.PrincipalNameHeader] = "alice@contoso.example", [AdminCaller.PrincipalIdHeader] = "6f1c-oid",
        }), trustPrincipalHeaders: true);
        Assert.That(fromHeaders!.Name, Is.EqualTo("alice@contoso.example"));
        Assert.That(fromHeaders.Id, Is.EqualTo("6f1c-oid"));
    }

    [Test]
    public void Principal_headers_count_only_when_the_platform_vouches_for_them()
    {
        var request = Request(new() { [AdminCaller.PrincipalNameHeader] = "mallory@example.test" }, keyName: "alice");
        Assert.That(AdminCaller.Identify(request, trustPrincipalHeaders: false), Is.EqualTo(new AdminIdentity("alice", null, AdminCaller.ViaKey, null)));
        Assert.That(AdminCaller.Identify(Request(new() { [AdminCaller.PrincipalNameHeader] = "mallory@example.test" }), trustPrincipalHeaders: false), Is.Null);
        Assert.That(AdminCaller.Identify(request, trustPrincipalHeaders: true)!.Name, Is.EqualTo("mallory@example.test"));
    }

    [TestCase("not base64 at all!")]
    [TestCase("eyJub3QiOiAianNvbiI")]
    [TestCase("W10=")]
    public void A_malformed_principal_names_nobody(string header)
    {
        Assert.That(AdminCaller.Identify(Request(new() { [AdminCaller.PrincipalHeader] = header }), trustPrincipalHeaders: true), Is.Null);
    }

    [Test]
    public void Nobody_and_no_key_is_nobody_and_the_audit_name_falls_back_to_the_unnamed_key()
    {
        var request = Request();
        Assert.That(AdminCaller.Identify(request, trustPrincipalHeaders: true), Is.Null);
        Assert.That(AdminCaller.KeyName(request), Is.EqualTo(AdminCaller.Unnamed));
    }

    [Test]
    public void The_console_ships_its_pages_inside_the_app()
    {
        var files = new ConsoleFiles();
        Assert.That(files.Paths, Is.SupersetOf(new[] { "index.html", "console.css", "js/app.js", "js/api.js", "js/charts.js", "js/pages/dashboard.js" }));
        foreach (var path in files.Paths.Where(p => p.EndsWith(".html", StringComparison.Ordinal) || p.EndsWith(".js", StringComparison.Ordinal) || p.EndsWith(".css", StringComparison.Ordinal)))
        {
            var text = ReadText(files, path);
            Assert.That(text, Does.Not.Match(@"(src|href)=""(https?:)?//"), $"{path} loads nothing from another origin");
            Assert.That(text, Does.Not.Contain("innerHTML"), $"{path} never parses text as HTML");
        }
    }

    private static string ReadText(ConsoleFiles files, string path)
    {
        var answer = files.GetAsync(new ConsoleFileRequest(path, "/api/console/" + path, "", []), CancellationToken.None).GetAwaiter().GetResult();
        Assert.That(answer.Headers!["Content-Security-Policy"], Does.Contain("default-src 'self'"));
        return Encoding.UTF8.GetString(((Connector.Http.FileBody)answer.Value!).Content);
    }
}
