using System.Net;

namespace TikTokSimulator;

/// <summary>The auth host: the consent page (both link forms) and the token exchange and refresh.</summary>
internal static class AuthEndpoints
{
    public static void Map(WebApplication app, SimulatorState state)
    {
        // Current form: /open/authorize?service_id=...; legacy form: /oauth/authorize?app_key=...&state=...
        app.MapGet("/open/authorize", (HttpContext c) => Consent(c, state, state.FindAppByServiceId(c.Request.Query["service_id"])));
        app.MapGet("/oauth/authorize", (HttpContext c) => Consent(c, state, state.FindApp(c.Request.Query["app_key"])));

        app.MapGet("/api/v2/token/get", (HttpContext c) =>
        {
            var q = c.Request.Query;
            var grant = state.ExchangeCode(q["app_key"], q["app_secret"], q["auth_code"], q["grant_type"]);
            return Envelope.Ok(c, state, () => grant);
        });

        app.MapGet("/api/v2/token/refresh", (HttpContext c) =>
        {
            var q = c.Request.Query;
            var grant = state.Refresh(q["app_key"], q["app_secret"], q["refresh_token"], q["grant_type"]);
            return Envelope.Ok(c, state, () => grant);
        });
    }

    /// <summary>
    /// Shows a consent page; with <c>auto=1</c> (what the page's button links to) it redirects to the app's callback
    /// with a fresh single-use <c>code</c> and the <c>state</c> it was given; with <c>deny=1</c> as well, the seller declines
    /// and the callback gets <c>code=null&amp;error=auth_denied</c>. <c>seller_id</c> picks the consenting seller.
    /// </summary>
    private static IResult Consent(HttpContext c, SimulatorState state, SimApp? app)
    {
        if (app is null)
        {
            return Results.Content("<h1>Unknown app</h1>", "text/html", statusCode: 400);
        }

        var sellerId = c.Request.Query["seller_id"].ToString();
        if (string.IsNullOrEmpty(sellerId))
        {
            return Results.Content("<h1>seller_id is required</h1><p>Create a seller with POST /_sim/sellers and add &amp;seller_id=... to this link.</p>", "text/html", statusCode: 400);
        }

        if (c.Request.Query["auto"] != "1")
        {
            var confirm = c.Request.Path + c.Request.QueryString.Add("auto", "1").ToUriComponent();
            return Results.Content(
                $"<html><body><h1>Authorize {WebUtility.HtmlEncode(app.AppKey)}?</h1><p>Seller {WebUtility.HtmlEncode(sellerId)}</p><a id=\"confirm\" href=\"{WebUtility.HtmlEncode(confirm)}\">Authorize</a></body></html>",
                "text/html");
        }

        if (string.IsNullOrEmpty(app.CallbackUrl))
        {
            return Results.Content("<h1>The app has no callback URL</h1>", "text/html", statusCode: 400);
        }

        // The seller declines (deny=1): TikTok still redirects, with "code=null&error=auth_denied" (authorization guide).
        var code = c.Request.Query["deny"] == "1" ? null : state.CreateAuthCode(app.AppKey, sellerId);
        var query = code is null ? new List<string> { "code=null", "error=auth_denied" } : new List<string> { "code=" + Uri.EscapeDataString(code) };
        var sentState = c.Request.Query["state"].ToString();
        if (!string.IsNullOrEmpty(sentState))
        {
            query.Add("state=" + Uri.EscapeDataString(sentState));
        }

        var separator = app.CallbackUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return Results.Redirect(app.CallbackUrl + separator + string.Join('&', query));
    }
}
