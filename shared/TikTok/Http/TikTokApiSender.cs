using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Connector.TikTok.Http;

/// <summary>One Open API call as the client describes it; the sender adds app_key, timestamp, shop_cipher and sign.</summary>
internal sealed record TikTokCall(HttpMethod Method, string Path, string? ShopId, string? ShopCipher, string? Body)
{
    /// <summary>The API: the path template with its ids as placeholders (rate limits are per API); default the path.</summary>
    public string Api { get; init; } = Path;

    public List<KeyValuePair<string, string>> Query { get; } = [];

    /// <summary>A multipart/form-data body (image upload), made fresh for each attempt; TikTok does not sign it.</summary>
    public Func<HttpContent>? Form { get; init; }

    public TikTokCall With(string key, string? value)
    {
        if (value is not null)
        {
            Query.Add(new(key, value));
        }

        return this;
    }
}

/// <summary>
/// Sends signed Open API calls (signed by the app the token belongs to): token from <see cref="ITikTokTokenProvider"/>, rate limit, retries and timeouts
/// from <see cref="TikTokResilience"/>, envelope check on every answer, and one refresh-and-retry on 105002.
/// </summary>
internal sealed class TikTokApiSender(
    HttpClient http,
    TikTokOptions options,
    TikTokApps apps,
    ITikTokTokenProvider tokens,
    TikTokRateLimiter limiter,
    TikTokResilience resilience,
    TimeProvider time,
    ILogger logger)
{
    public async Task<T> SendAsync<T>(TikTokCall call, JsonTypeInfo<T> dataType, CancellationToken cancellationToken)
    {
        var shopId = call.ShopId ?? throw new ArgumentException("A shop-scoped call needs a shop id.", nameof(call));
        var token = await tokens.GetAccessTokenAsync(shopId, cancellationToken);
        try
        {
            return await SendWithTokenAsync(call, token, dataType, cancellationToken);
        }
        catch (TikTokException expired) when (expired.Kind == TikTokErrorKind.AccessTokenExpired)
        {
            TikTokLog.RefreshingExpiredToken(logger, shopId, call.Path, expired.RequestId);
            var refreshed = await tokens.RefreshAsync(shopId, token.Value, cancellationToken);
            try
            {
                return await SendWithTokenAsync(call, refreshed, dataType, cancellationToken);
            }
            catch (TikTokException again) when (again.Kind == TikTokErrorKind.AccessTokenExpired)
            {
                throw new TikTokException(TikTokErrorKind.AuthorizationRevoked, call.Path, "the access token is still rejected as expired after a refresh",
                    again.Code, again.RequestId, again.HttpStatus, innerException: again);
            }
        }
    }

    /// <summary>Sends with a given token and no refresh (e.g. listing shops right after a code exchange).</summary>
    public async Task<T> SendWithTokenAsync<T>(TikTokCall call, TikTokAccessToken token, JsonTypeInfo<T> dataType, CancellationToken cancellationToken)
    {
        try
        {
            return await resilience.ExecuteAsync(call.Path, call.ShopId, limiter, attemptToken => SendOnceAsync(call, token, dataType, attemptToken), cancellationToken,
                apps.Resolve(token.AppKey).AppKey, call.Api);
        }
        catch (TikTokException error)
        {
            TikTokLog.CallFailed(logger, call.Path, call.ShopId ?? "-", error.Kind, error.Code, error.HttpStatus, error.RequestId);
            throw;
        }
    }

    private async Task<T> SendOnceAsync<T>(TikTokCall call, TikTokAccessToken token, JsonTypeInfo<T> dataType, CancellationToken cancellationToken)
    {
        // The app that granted the token signs the call (a shop authorized through the US app stays on it).
        var app = apps.Resolve(token.AppKey);
        var appSecret = await apps.GetSecretAsync(app, cancellationToken);
        var query = new List<KeyValuePair<string, string>>(call.Query)
        {
            new("app_key", app.AppKey),
            new("timestamp", time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (call.ShopCipher is not null)
        {
            query.Add(new("shop_cipher", call.ShopCipher));
        }

        query.Add(new("sign", TikTokSigner.Sign(appSecret, call.Path, query, call.Form is null ? call.Body : null)));

        using var request = new HttpRequestMessage(call.Method, BuildUri(options.OpenApiBaseUrl, call.Path, query));
        request.Headers.TryAddWithoutValidation("x-tts-access-token", token.Value);

        // TikTok's reference lists content-type: application/json as required on every endpoint, GETs included;
        // a GET carries it on an empty body (the signature covers no body then). A file upload is multipart instead.
        if (call.Form is not null)
        {
            request.Content = call.Form();
        }
        else
        {
            request.Content = call.Body is null ? new ByteArrayContent([]) : new StringContent(call.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new TikTokException(TikTokErrorKind.Transient, call.Path, "network error: " + e.HttpRequestError, innerException: e);
        }

        using (response)
        {
            TikTokLog.Answered(logger, call.Method.Method, call.Path, call.ShopId ?? "-", (int)response.StatusCode);
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new TikTokException(TikTokErrorKind.Transient, call.Path, "the answer was cut off", httpStatus: (int)response.StatusCode, innerException: e);
            }

            return TikTokEnvelope.Read(call.Path, response.StatusCode, response.Headers.RetryAfter, body, dataType);
        }
    }

    /// <summary>Base address + path + URL-encoded query (the sign was computed over the raw values).</summary>
    internal static Uri BuildUri(Uri baseUrl, string path, IEnumerable<KeyValuePair<string, string>> query)
    {
        var builder = new StringBuilder(baseUrl.GetLeftPart(UriPartial.Authority)).Append(baseUrl.AbsolutePath.TrimEnd('/')).Append(path);
        var separator = '?';
        foreach (var (key, value) in query)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(builder.ToString());
    }
}
