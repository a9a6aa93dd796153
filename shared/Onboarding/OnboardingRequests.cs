using System.Text.RegularExpressions;
using System.Web;
using Connector.Http;

namespace Connector.Onboarding;

/// <summary>POST /api/admin/merchants/{merchantId}/onboarding-links {"region": "GB", "restoreShopIds": [...]}.</summary>
public sealed record CreateOnboardingLink(string MerchantId, string Region, IReadOnlyList<string?> RestoreShopIds, string Caller, Uri BaseUrl)
{
    private sealed record Body(string? Region, IReadOnlyList<string?>? RestoreShopIds);

    public static CreateOnboardingLink Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "link request";
        merchantId = r.Id("merchantId", merchantId);
        var body = r.Json is null ? null : r.Body<Body>("{\"region\": \"GB\", \"restoreShopIds\": [\"...\"]}");
        var region = body?.Region?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(region))
        {
            r.Fail("region", "required: the seller's 2 or 3 letter region code, e.g. GB or US");
        }
        else if (!Regex.IsMatch(region, "^[A-Z]{2,3}$"))
        {
            r.Fail("region", "must be a 2 or 3 letter region code, e.g. GB or US");
        }

        return new CreateOnboardingLink(merchantId, region ?? "", body?.RestoreShopIds ?? [], r.Caller, r.BaseUrl);
    }
}

/// <summary>GET /api/oauth/tiktok/authorize?merchant=&amp;region=&amp;expires=&amp;sig=: the signed link (checked by <see cref="OnboardingLinks"/>).</summary>
public sealed record AuthorizeLink(string Merchant, string Region, string Expires, string Signature)
{
    public static AuthorizeLink Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new AuthorizeLink(r.Query("merchant") ?? "", r.Query("region") ?? "", r.Query("expires") ?? "", r.Query("sig") ?? "");
    }
}

/// <summary>TikTok's redirect back: GET /api/oauth/tiktok/callback?code=&amp;state=&amp;app=&amp;error= (or the same pasted by support).</summary>
public sealed record OAuthRedirect(string? Code, string? State, string? App, string? Error)
{
    public static OAuthRedirect Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new OAuthRedirect(r.Query("code"), r.Query("state"), r.Query("app"), r.Query("error"));
    }
}

/// <summary>POST /api/admin/oauth/complete {"redirectUrl": "..."}: the full URL a merchant pasted.</summary>
public sealed record CompleteOAuth(OAuthRedirect Redirect, string Caller)
{
    private sealed record Body(string? RedirectUrl);

    public static CompleteOAuth Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "redirect URL";
        var body = r.Json is null ? null : r.Body<Body>("{\"redirectUrl\": \"<the full URL from the browser's address bar>\"}");
        if (body?.RedirectUrl is not { Length: > 0 } pasted || !Uri.TryCreate(pasted.Trim(), UriKind.Absolute, out var url))
        {
            if (!r.HasErrors)
            {
                r.Fail("redirectUrl", string.IsNullOrWhiteSpace(body?.RedirectUrl) ? "required: the full URL from the browser's address bar" : "must be a full URL (https://...?code=...&state=...)");
            }

            return new CompleteOAuth(new OAuthRedirect(null, null, null, null), r.Caller);
        }

        var query = HttpUtility.ParseQueryString(url.Query);
        return new CompleteOAuth(new OAuthRedirect(query["code"], query["state"], query["app"], query["error"]), r.Caller);
    }
}

/// <summary>POST /api/admin/authorizations/{authorizationId}/assign {"merchantId": "..."}.</summary>
public sealed record AssignAuthorization(string AuthorizationId, string MerchantId, string Caller)
{
    private sealed record Body(string? MerchantId);

    public static AssignAuthorization Bind(RequestReader r, string authorizationId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "assignment";
        authorizationId = r.Id("authorizationId", authorizationId);
        var body = r.Json is null ? null : r.Body<Body>("{\"merchantId\": \"...\"}");
        var merchantId = r.HasErrors && body is null ? "" : r.Id("merchantId", body?.MerchantId);
        return new AssignAuthorization(authorizationId, merchantId, r.Caller);
    }
}

/// <summary>GET /api/admin/shops/{shopId}/reauthorize-link.</summary>
public sealed record ReauthorizeLink(string ShopId, Uri BaseUrl)
{
    public static ReauthorizeLink Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ReauthorizeLink(r.Id("shopId", shopId), r.BaseUrl);
    }
}

/// <summary>201 to a new onboarding link.</summary>
public sealed record OnboardingLinkCreated(Uri Url, string MerchantId, string Region, string AppKey, DateTimeOffset ExpiresAt);

/// <summary>A fresh link for a shop that must be authorized again, with its token expiries.</summary>
public sealed record ReauthorizationLink(
    Uri Url, string ShopId, string MerchantId, string Region, string Status, DateTimeOffset ExpiresAt, DateTimeOffset? AccessTokenExpiresAt, DateTimeOffset? RefreshTokenExpiresAt);
