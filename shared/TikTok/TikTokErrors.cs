using System.Net;

namespace Connector.TikTok;

/// <summary>What a failed TikTok call means for the caller.</summary>
public enum TikTokErrorKind
{
    /// <summary>105002: refresh the access token and retry once (the client does this itself).</summary>
    AccessTokenExpired,

    /// <summary>
    /// The shop needs a new authorization: 105001 invalid token, 36009004 about the access token, 101000 token not for this
    /// shop, 36004001 refresh token expired, 36004005 no auth record, other 105xxx (e.g. 105005 scope not granted).
    /// </summary>
    AuthorizationRevoked,

    /// <summary>106001: the sign did not match (wrong app secret or a signing bug).</summary>
    InvalidSignature,

    /// <summary>36009004 bad parameter, 106013 missing shop_cipher, 36009009 unknown path, 36009010 method, any other 4xx: retrying will not help.</summary>
    InvalidRequest,

    /// <summary>36009002 or HTTP 429 (after the retries ran out, or the local limiter queue is full).</summary>
    RateLimited,

    /// <summary>5xx, 36009003, 36009007, 25020008, timeouts, network errors, malformed JSON: retried with back-off.</summary>
    Transient,

    /// <summary>A non-zero code this client does not know.</summary>
    Unknown,
}

/// <summary>
/// A TikTok call that did not succeed. The message carries the path, the code, TikTok's message and the
/// request id for support, and never a token, a secret or a query string.
/// </summary>
public sealed class TikTokException : Exception
{
    public TikTokException(TikTokErrorKind kind, string path, string detail, long? code = null, string? requestId = null,
        int? httpStatus = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(Describe(kind, path, detail, code, requestId, httpStatus), innerException)
    {
        Kind = kind;
        Path = path;
        Detail = detail;
        Code = code;
        RequestId = requestId;
        HttpStatus = httpStatus;
        RetryAfter = retryAfter;
    }

    public TikTokErrorKind Kind { get; }

    /// <summary>TikTok's own message (or what went wrong when no envelope was read), without the path and codes.</summary>
    public string Detail { get; }

    /// <summary>The request path (no host, no query).</summary>
    public string Path { get; }

    /// <summary>The envelope's <c>code</c>, when an envelope was read.</summary>
    public long? Code { get; }

    /// <summary>The envelope's <c>request_id</c>: quote it to TikTok support.</summary>
    public string? RequestId { get; }

    public int? HttpStatus { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the client retries this error with back-off.</summary>
    public bool IsRetryable => Kind is TikTokErrorKind.Transient or TikTokErrorKind.RateLimited;

    private static string Describe(TikTokErrorKind kind, string path, string detail, long? code, string? requestId, int? httpStatus)
    {
        var codeText = code is null ? "" : $" code {code}";
        var statusText = httpStatus is null ? "" : $" HTTP {httpStatus}";
        var requestText = string.IsNullOrEmpty(requestId) ? "" : $" request_id {requestId}";
        return $"TikTok {path} failed ({kind}{codeText}{statusText}{requestText}): {Truncate(detail)}";
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}

/// <summary>
/// The envelope codes the connector knows (see docs/tiktok-client.md), from TikTok's reference (developer guide:
/// common errors) unless noted.
/// </summary>
public static class TikTokErrorCodes
{
    public const long Success = 0;

    /// <summary>Invalid query or header: the <c>x-tts-access-token</c> is not associated with the shop of <c>shop_cipher</c> (or has the wrong user type).</summary>
    public const long InvalidTokenForShop = 101000;

    /// <summary>Invalid access token (not in the common-errors page; TikTok answers it for unknown or revoked tokens).</summary>
    public const long InvalidAccessToken = 105001;

    /// <summary>Expired credentials: refresh the access token.</summary>
    public const long AccessTokenExpired = 105002;

    /// <summary>Access denied: the app or the token lacks the API's scope (the seller must authorize it).</summary>
    public const long ScopeNotGranted = 105005;

    /// <summary>Invalid credentials: the <c>sign</c> is invalid.</summary>
    public const long InvalidSign = 106001;

    /// <summary>Missing identifier: <c>shop_cipher</c> is required.</summary>
    public const long MissingShopCipher = 106013;

    /// <summary>Refresh token expired or already used (auth host; not in the reference).</summary>
    public const long RefreshTokenExpired = 36004001;

    /// <summary>No authorization record: the seller revoked the app (auth host; not in the reference).</summary>
    public const long NoAuthRecord = 36004005;

    /// <summary>Too many requests: rate limited, whatever the HTTP status.</summary>
    public const long TooManyRequests = 36009002;

    /// <summary>Internal error, please try again.</summary>
    public const long RetryableServerError = 36009003;

    /// <summary>
    /// Missing or invalid credentials or parameters: sign missing, app_key, timestamp, unexpected identifier, version —
    /// and an invalid <c>x-tts-access-token</c> / <c>access_token</c>, which means the authorization is lost.
    /// </summary>
    public const long InvalidParameter = 36009004;

    /// <summary>Request timeout: try again.</summary>
    public const long RequestTimeout = 36009007;

    /// <summary>Invalid path.</summary>
    public const long UnknownPath = 36009009;

    /// <summary>Invalid method.</summary>
    public const long InvalidMethod = 36009010;

    /// <summary>Invalid file size.</summary>
    public const long FileTooLarge = 36009021;

    /// <summary>Invalid request format: the body must be application/json (or multipart/form-data for files).</summary>
    public const long InvalidBodyFormat = 36009022;

    /// <summary>Invalid request format: the content-type must be multipart/form-data.</summary>
    public const long InvalidContentType = 36009023;

    /// <summary>Access denied: the caller's IP address is not in the app's allow list (Partner Center).</summary>
    public const long IpNotAllowed = 36009033;

    /// <summary>A busy reverse-logistics service (not in the reference's common errors).</summary>
    public const long RetryableBusy = 25020008;

    /// <summary>Maps an answer to a kind: known codes first (with the message for 36009004), then the HTTP status.</summary>
    public static TikTokErrorKind Classify(long? code, HttpStatusCode status, string? message = null)
    {
        switch (code)
        {
            case TooManyRequests:
                return TikTokErrorKind.RateLimited;
            case AccessTokenExpired:
                return TikTokErrorKind.AccessTokenExpired;
            case InvalidSign:
                return TikTokErrorKind.InvalidSignature;
            case InvalidParameter when IsAboutAccessToken(message):
            case InvalidAccessToken or InvalidTokenForShop:
                return TikTokErrorKind.AuthorizationRevoked;
            case InvalidParameter or UnknownPath or InvalidMethod or MissingShopCipher or FileTooLarge or InvalidBodyFormat or InvalidContentType or IpNotAllowed:
                return TikTokErrorKind.InvalidRequest;
            case RetryableServerError or RetryableBusy or RequestTimeout:
                return TikTokErrorKind.Transient;
            case >= 105000 and < 106000:
            case >= 36004000 and < 36005000:
                return TikTokErrorKind.AuthorizationRevoked;
        }

        var http = (int)status;
        return http switch
        {
            429 => TikTokErrorKind.RateLimited,
            >= 500 => TikTokErrorKind.Transient,
            >= 400 => TikTokErrorKind.InvalidRequest,
            _ => TikTokErrorKind.Unknown,
        };
    }

    /// <summary>36009004's messages about the token: "The `x-tts-access-token` header is invalid", "The `access_token` header is invalid".</summary>
    private static bool IsAboutAccessToken(string? message) =>
        message is not null && (message.Contains("access_token", StringComparison.OrdinalIgnoreCase) || message.Contains("access-token", StringComparison.OrdinalIgnoreCase));
}
