using System.Text.Json.Serialization.Metadata;
using Connector.TikTok.Http;
using Connector.TikTok.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.TikTok.Auth;

/// <summary>
/// Seller authorization against the auth host: the authorize link, the code exchange and the refresh.
/// The app secret travels in the query of the last two, so their URLs are never logged (the HttpClient has
/// no logging handlers and errors carry the path only).
/// </summary>
public sealed class TikTokAuthService(HttpClient http, IOptions<TikTokOptions> options, TikTokApps apps, TikTokResilience resilience, ILogger<TikTokAuthService> logger)
{
    public const string TokenGetPath = "/api/v2/token/get";
    public const string TokenRefreshPath = "/api/v2/token/refresh";

    private readonly TikTokOptions settings = options.Value;

    /// <summary>
    /// The link a seller opens to authorize the app. The current form carries <c>service_id</c> (and <c>state</c>,
    /// which TikTok may drop: never rely on it alone); the legacy form carries <c>app_key</c> and <c>state</c>.
    /// </summary>
    public Uri BuildAuthorizeUrl(string state) => BuildAuthorizeUrl(apps.Default, state);

    /// <summary>
    /// The authorize link of one app (an onboarding link picks the app by the seller's region). Each app has its own page:
    /// US apps services.us.tiktokshop.com, others services.tiktokshop.com (TikTok's authorization guide), or the app's setting.
    /// </summary>
    public Uri BuildAuthorizeUrl(TikTokApp app, string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        return settings.AuthorizeUrlForm switch
        {
            TikTokAuthorizeUrlForm.Legacy => AppendQuery(settings.AuthorizeUrlLegacy, ("app_key", app.AppKey), ("state", state)),
            _ => AppendQuery(app.AuthorizeUrl ?? settings.AuthorizeUrlCurrent, ("service_id", app.ServiceId ?? ""), ("state", state)),
        };
    }

    internal static Uri BuildAuthorizeUrl(TikTokOptions settings, string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        var app = TikTokApps.Describe(settings.AllApps()[0], settings);
        return settings.AuthorizeUrlForm switch
        {
            TikTokAuthorizeUrlForm.Legacy => AppendQuery(settings.AuthorizeUrlLegacy, ("app_key", app.AppKey), ("state", state)),
            _ => AppendQuery(app.AuthorizeUrl ?? settings.AuthorizeUrlCurrent, ("service_id", app.ServiceId ?? ""), ("state", state)),
        };
    }

    /// <summary>Trades the <c>code</c> of the callback for the seller's tokens (default app).</summary>
    public Task<TikTokAuthorization> ExchangeCodeAsync(string authCode, CancellationToken cancellationToken) =>
        ExchangeCodeAsync(apps.Default, authCode, cancellationToken);

    /// <summary>Trades the <c>code</c> of the callback for the seller's tokens with the app the seller authorized.</summary>
    public Task<TikTokAuthorization> ExchangeCodeAsync(TikTokApp app, string authCode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(authCode);
        return RequestTokenAsync(app, TokenGetPath, "code exchange", ("auth_code", authCode), "authorized_code", cancellationToken);
    }

    /// <summary>
    /// Gets a new access token and a refresh token; store both (TikTok does not document whether the earlier refresh token
    /// keeps working, so the newest one is the one to keep).
    /// </summary>
    public Task<TikTokAuthorization> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        RefreshAsync(apps.Default, refreshToken, cancellationToken);

    /// <summary>Refreshes with the app that granted the tokens.</summary>
    public Task<TikTokAuthorization> RefreshAsync(TikTokApp app, string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        return RequestTokenAsync(app, TokenRefreshPath, "refresh", ("refresh_token", refreshToken), "refresh_token", cancellationToken);
    }

    private async Task<TikTokAuthorization> RequestTokenAsync(TikTokApp app, string path, string grant, (string Key, string Value) credential, string grantType,
        CancellationToken cancellationToken)
    {
        var appSecret = await apps.GetSecretAsync(app, cancellationToken);
        var uri = TikTokApiSender.BuildUri(settings.AuthBaseUrl, path,
        [
            new("app_key", app.AppKey), new("app_secret", appSecret), new(credential.Key, credential.Value), new("grant_type", grantType),
        ]);
        var data = await resilience.ExecuteAsync(path, shopId: null, limiter: null,
            attemptToken => GetAsync(uri, path, TikTokJsonContext.Default.TikTokTokenData, attemptToken), cancellationToken);
        if (string.IsNullOrEmpty(data.AccessToken) || string.IsNullOrEmpty(data.RefreshToken))
        {
            throw new TikTokException(TikTokErrorKind.Unknown, path, "the token answer has no tokens");
        }

        TikTokLog.TokenGranted(logger, grant, data.OpenId);
        return data.ToAuthorization(app.AppKey);
    }

    private async Task<T> GetAsync<T>(Uri uri, string path, JsonTypeInfo<T> dataType, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(uri, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            // Not chained as the inner exception: some handlers put the request URI (with the secret) in messages.
            throw new TikTokException(TikTokErrorKind.Transient, path, "network error: " + e.HttpRequestError);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return TikTokEnvelope.Read(path, response.StatusCode, response.Headers.RetryAfter, body, dataType);
        }
    }

    private static Uri AppendQuery(Uri baseUri, params (string Key, string Value)[] parameters)
    {
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var separator = string.IsNullOrEmpty(baseUri.Query) ? "?" : "&";
        return new Uri(baseUri.GetLeftPart(UriPartial.Path) + (string.IsNullOrEmpty(baseUri.Query) ? "" : baseUri.Query) + separator + query);
    }
}
