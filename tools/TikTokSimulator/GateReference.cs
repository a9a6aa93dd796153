using System.Collections.Concurrent;

namespace TikTokSimulator;

/// <summary>
/// TikTok's documented errors (developer guide: common errors) with their exact messages, and its rate limit
/// (developer guide: rate limits — 50 requests per second per API, per app and shop; over it HTTP 429 with 36009002).
/// </summary>
public static class TikTokErrors
{
    public const long TooManyRequests = 36009002;
    public const long RequestTimeout = 36009007;
    public const long InvalidMethod = 36009010;
    public const long InvalidBodyFormat = 36009022;
    public const long InvalidTokenForShop = 101000;
    public const long MissingShopCipher = 106013;

    public static SimException RateLimited() =>
        new(429, TooManyRequests, "Too many requests. You've made too many requests in a short period of time.");

    public static SimException InvalidAppKey() =>
        new(400, Codes.InvalidParameter, "Invalid credentials. Invalid `app_key` query parameter.");

    public static SimException MissingSign() =>
        new(400, Codes.InvalidParameter, "Missing credentials. The request does not include a required signature in the query.");

    public static SimException InvalidSign() => new(401, Codes.InvalidSign, "Invalid credentials. The `sign` query parameter is invalid.");

    public static SimException TimestampNegative() =>
        new(400, Codes.InvalidParameter, "Invalid timestamp. The value of the `timestamp` query parameter must not be lesser than 0.");

    public static SimException TimestampTooOld() =>
        new(400, Codes.InvalidParameter, "Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than 5 minutes before the current time.");

    public static SimException TimestampTooNew() =>
        new(400, Codes.InvalidParameter, "Invalid timestamp. The value of the `timestamp` query parameter must not exceed the current time by more than 30 seconds.");

    public static SimException InvalidAccessToken() =>
        new(401, Codes.InvalidParameter, "Invalid credentials. The `x-tts-access-token` header is invalid.");

    public static SimException DeauthorizedToken() =>
        new(401, Codes.InvalidAccessToken, "access token is invalid; detail:your token has been deauthorized");

    public static SimException ExpiredToken() =>
        new(401, Codes.AccessTokenExpired, "Expired credentials. The `access_token` or `x-tts-access-token` header has expired.");

    public static SimException MissingCipher() =>
        new(400, MissingShopCipher, "Missing identifier. The `shop_cipher` query parameter is required to identify the target shop.");

    public static SimException UnexpectedCipher() =>
        new(400, Codes.InvalidParameter, "Unexpected identifier. The `shop_cipher` query parameter is not required for this request.");

    public static SimException TokenNotForShop() =>
        new(401, InvalidTokenForShop, "Invalid query or header. The `x-tts-access-token` header is invalid: the token is not associated with the shop of `shop_cipher`.");

    public static SimException NotJson() =>
        new(400, InvalidBodyFormat, "Invalid request format. The request body format must be `application/json` for structured data or `multipart/form-data` for binary files.");
}

/// <summary>
/// TikTok's rate limit per API (route pattern), app and shop: a bucket of <c>limit</c> calls refilled at <c>limit</c> per
/// second (50 by default, <see cref="SimulatorOptions.RequestsPerSecondPerApi"/>; an app's raised quota from
/// <see cref="SimulatorState.SetApiQuota"/>). Over it the call is refused with HTTP 429 and 36009002.
/// </summary>
internal sealed class SimRateLimiter(SimulatorOptions options, SimulatorState state)
{
    private readonly ConcurrentDictionary<(string App, string Shop, string Api), Bucket> buckets = new();

    /// <summary>Counts the call; false when it is over TikTok's limit.</summary>
    public bool TryAcquire(string appKey, string? shopId, string api)
    {
        if ((state.ApiQuota(appKey) ?? options.RequestsPerSecondPerApi) is not { } limit)
        {
            return true;
        }

        // Real time, not the simulated clock: tests that move the clock by hours must not empty or fill the bucket.
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var bucket = buckets.GetOrAdd((appKey, shopId ?? "-", api), _ => new Bucket { Tokens = limit, At = now });
        lock (bucket)
        {
            var elapsed = (double)(now - bucket.At) / System.Diagnostics.Stopwatch.Frequency;
            bucket.Tokens = Math.Min(limit, bucket.Tokens + (elapsed * limit));
            bucket.At = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket
    {
        public double Tokens { get; set; }
        public long At { get; set; }
    }
}
