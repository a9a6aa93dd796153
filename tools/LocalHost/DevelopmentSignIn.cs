using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.LocalHost;

/// <summary>
/// What the platform does in front of the app in Azure, for every request:
/// <list type="bullet">
/// <item>App Service Authentication: a development sign-in at <c>/.auth/login/{provider}</c> (a form: name and e-mail, no
/// password; any provider name, so the console's <c>/.auth/login/aad</c> link works locally), <c>/.auth/me</c> and
/// <c>/.auth/logout</c>. A signed-in request gets the same headers Easy Auth sets (<c>X-MS-CLIENT-PRINCIPAL</c> as base64
/// JSON, <c>-NAME</c>, <c>-ID</c>, <c>-IDP</c>), and headers of that name sent by the client are removed, as App Service does;
/// <c>WEBSITE_AUTH_ENABLED</c> is set so the app trusts them. Off with <c>LocalHost__DevelopmentSignIn=false</c>.</item>
/// <item>The Functions host checks a function key on every request, also on anonymous routes, and names it in the
/// <c>keyid</c> claim.</item>
/// </list>
/// The session is a cookie signed with a key made at start-up: restarting the host signs everyone out.
/// </summary>
public static class DevelopmentSignIn
{
    public const string EnabledSetting = "LocalHost:DevelopmentSignIn";
    public const string AuthEnabledSetting = "WEBSITE_AUTH_ENABLED";
    public const string CookieName = "AppServiceAuthSession";
    public const string Provider = "dev";
    public const string DefaultRedirect = "/api/console/";

    private static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>The one hook in <see cref="LocalFunctionsHost"/>: call before <c>Build()</c>.</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        var enabled = !string.Equals(builder.Configuration[EnabledSetting], "false", StringComparison.OrdinalIgnoreCase);
        if (enabled)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [AuthEnabledSetting] = "True" });
        }

        builder.Services.AddSingleton<IStartupFilter>(new Filter(enabled));
    }

    private sealed class Filter(bool signIn) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) => HandleAsync(context, following, signIn));
            next(app);
        };
    }

    private static async Task HandleAsync(HttpContext context, RequestDelegate next, bool signIn)
    {
        foreach (var name in context.Request.Headers.Keys.Where(k => k.StartsWith("X-MS-CLIENT-PRINCIPAL", StringComparison.OrdinalIgnoreCase) || k.StartsWith("X-MS-TOKEN-", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            context.Request.Headers.Remove(name);
        }

        var configuration = context.RequestServices.GetRequiredService<IConfiguration>();
        if (HttpTriggers.IsAuthorized(context.Request, AuthorizationLevel.Function, configuration, out var keyName) && keyName is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(HttpTriggers.KeyIdClaim, keyName), new Claim(HttpTriggers.AuthLevelClaim, keyName == HttpTriggers.MasterKeyName ? "Admin" : "Function")],
                "WebJobsAuthLevel"));
        }

        if (!signIn)
        {
            await next(context);
            return;
        }

        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/.auth/login", StringComparison.OrdinalIgnoreCase))
        {
            await LoginAsync(context);
            return;
        }

        if (path.Equals("/.auth/logout", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
            context.Response.Redirect(LocalPath(context.Request.Query["post_logout_redirect_uri"]) ?? "/.auth/login/" + Provider);
            return;
        }

        var session = Read(context.Request.Cookies[CookieName]);
        if (path.Equals("/.auth/me", StringComparison.OrdinalIgnoreCase))
        {
            if (session is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new[]
            {
                new { provider_name = Provider, user_id = session.Email, user_claims = Claims(session).Select(c => new { typ = c.Type, val = c.Value }) },
            }));
            return;
        }

        if (session is not null)
        {
            var principal = new
            {
                auth_typ = Provider,
                name_typ = "preferred_username",
                role_typ = "roles",
                claims = Claims(session).Select(c => new { typ = c.Type, val = c.Value }),
            };
            context.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(principal));
            context.Request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"] = session.Email;
            context.Request.Headers["X-MS-CLIENT-PRINCIPAL-ID"] = session.Id;
            context.Request.Headers["X-MS-CLIENT-PRINCIPAL-IDP"] = Provider;
        }

        await next(context);
    }

    private sealed record Session(string Name, string Email, string Id);

    private static IEnumerable<(string Type, string Value)> Claims(Session session) =>
        [("name", session.Name), ("preferred_username", session.Email), ("email", session.Email), ("oid", session.Id)];

    private static async Task LoginAsync(HttpContext context)
    {
        var request = context.Request;
        var redirect = LocalPath(request.Query["post_login_redirect_uri"]) ?? DefaultRedirect;
        string? error = null;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var name = form["name"].ToString().Trim();
            var email = form["email"].ToString().Trim();
            redirect = LocalPath(form["redirect"]) ?? redirect;
            if (name.Length is 0 or > 100 || email.Length is 0 or > 200 || !email.Contains('@', StringComparison.Ordinal) || (name + email).Any(char.IsControl))
            {
                error = "Enter a name and an e-mail address.";
            }
            else
            {
                var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..32];
                context.Response.Cookies.Append(CookieName, Write(new Session(name, email, id)),
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", IsEssential = true });
                context.Response.Redirect(redirect);
                return;
            }
        }

        context.Response.StatusCode = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var e = (string s) => WebUtility.HtmlEncode(s);
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Development sign-in</title>
            <style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;line-height:1.5}label{display:block;margin-top:1rem;font-weight:600}
            input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem}.error{color:#b00020}.note{color:#555;font-size:.9rem}</style>
            </head><body><h1>Development sign-in</h1>
            <p class="note">The local host stands in for App Service Authentication (Microsoft Entra ID in Azure). No password: the
            name and e-mail you give are what the admin API and its audit log see.</p>
            {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{e(error)}</p>")}}
            <form method="post"><input type="hidden" name="redirect" value="{{e(redirect)}}">
            <label for="name">Name</label><input id="name" name="name" autocomplete="name" required maxlength="100">
            <label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="200">
            <button type="submit">Sign in</button></form></body></html>
            """);
    }

    /// <summary>Only paths on this host (no open redirect).</summary>
    private static string? LocalPath(string? value) =>
        value is { Length: > 0 } v && v.StartsWith('/') && !v.StartsWith("//", StringComparison.Ordinal) && !v.Contains('\\', StringComparison.Ordinal) ? v : null;

    private static string Write(Session session)
    {
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(session));
        return payload + "." + Base64Url(HMACSHA256.HashData(SigningKey, Encoding.ASCII.GetBytes(payload)));
    }

    private static Session? Read(string? cookie)
    {
        if (cookie?.Split('.') is not [var payload, var signature])
        {
            return null;
        }

        var expected = Base64Url(HMACSHA256.HashData(SigningKey, Encoding.ASCII.GetBytes(payload)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Session>(Convert.FromBase64String(payload.Replace('-', '+').Replace('_', '/').PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
