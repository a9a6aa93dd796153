using System.Net;

namespace Connector.TikTok;

/// <summary>What a failed TikTok call means for the caller.</summary>
public enum TikTokErrorKind
{
    /// <summary>105002: refresh the access token and retry once (the client does this itself).</summary>
    AccessTokenExpired,

    /// <summary>The shop needs a new authorization: 36004001 refresh token expired, 36004005 no auth record, other 105xxx.</summary>
    AuthorizationRevoked,

    /// <summary>106001: the sign did not match (wrong app secret or a signing bug).</summary>
    InvalidSignature,

    /// <summary>36009004 bad parameter, 36009009 unknown path, any other 4xx: retrying will not help.</summary>
    InvalidRequest,

    /// <summary>429 (after the retries ran out, or the local limiter queue is full).</summary>
    RateLimited,

    /// <summary>5xx, 36009003, 25020008, timeouts, network errors, malformed JSON: retried with back-off.</summary>
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

/// <summary>The envelope codes the connector knows (see docs/tiktok-client.md).</summary>
public static class TikTokErrorCodes
{
    public const long Success = 0;
    public const long InvalidAccessToken = 105001;
    public const long AccessTokenExpired = 105002;
    public const long InvalidSign = 106001;
    public const long RefreshTokenExpired = 36004001;
    public const long NoAuthRecord = 36004005;
    public const long RetryableServerError = 36009003;
    public const long InvalidParameter = 36009004;
    public const long UnknownPath = 36009009;
    public const long RetryableBusy = 25020008;

    /// <summary>Maps an answer to a kind: known codes first, then the HTTP status.</summary>
    public static TikTokErrorKind Classify(long? code, HttpStatusCode status)
    {
        switch (code)
        {
            case AccessTokenExpired:
                return TikTokErrorKind.AccessTokenExpired;
            case InvalidSign:
                return TikTokErrorKind.InvalidSignature;
            case InvalidParameter or UnknownPath:
                return TikTokErrorKind.InvalidRequest;
            case RetryableServerError or RetryableBusy:
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
}
