namespace Connector.Http;

/// <summary>
/// Why an operation did not do what it was asked, in the operation's own terms. Handlers return one; the edge
/// (<see cref="HttpEdge"/>) is the one place that turns it into problem+json (<see cref="Problems.From"/>).
/// </summary>
public enum RefusalKind
{
    /// <summary>400: the request is malformed or a field breaks its rule; <see cref="Refusal.Errors"/> names each field.</summary>
    Invalid,

    /// <summary>401: who is asking is not known.</summary>
    Unauthenticated,

    /// <summary>403: the caller may not do this.</summary>
    Forbidden,

    /// <summary>404: what the request names does not exist (for this caller).</summary>
    NotFound,

    /// <summary>409: the request clashes with the current state (another request, an idempotency key reused).</summary>
    Conflict,

    /// <summary>413: the body is larger than the endpoint accepts.</summary>
    TooLarge,

    /// <summary>422: well formed, but the business rules refuse it.</summary>
    Unprocessable,

    /// <summary>429: too many requests; try again after <see cref="Refusal.RetryAfter"/>.</summary>
    TooManyRequests,

    /// <summary>502: TikTok (or another dependency) answered with a refusal or an error the caller should see.</summary>
    BadGateway,

    /// <summary>503: a dependency is unavailable; safe to retry.</summary>
    Unavailable,
}

/// <summary>A typed refusal: what kind, a detail a person can act on, the bad fields, and optional extra members.</summary>
public sealed record Refusal(RefusalKind Kind, string Detail)
{
    /// <summary>A title other than the kind's default (e.g. "Order cancelled").</summary>
    public string? Title { get; init; }

    /// <summary>Field → what is wrong with it, in the user's terms.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>When to try again (429, 503): sent as Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The reference id, when the operation already logged one (else the edge makes one and logs it).</summary>
    public string? Reference { get; init; }

    /// <summary>What the person can do next; a second paragraph on a browser page (problem+json carries only the detail).</summary>
    public string? Advice { get; init; }

    /// <summary>Extra problem members (e.g. TikTok's code and request id, the id of a support case).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>Extra response headers (e.g. Idempotent-Replayed when a kept refusal is answered again, Location of a failed label).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public static Refusal Invalid(string detail, IReadOnlyDictionary<string, string[]>? errors = null) => new(RefusalKind.Invalid, detail) { Errors = errors };

    /// <summary>400 naming one field.</summary>
    public static Refusal InvalidField(string field, string error, string? detail = null) =>
        Invalid(detail ?? $"{field} {error}; nothing was changed.", new Dictionary<string, string[]> { [field] = [error] });

    public static Refusal NotFound(string detail) => new(RefusalKind.NotFound, detail);

    public static Refusal Conflict(string detail, string? title = null) => new(RefusalKind.Conflict, detail) { Title = title };

    public static Refusal Unprocessable(string detail, string? title = null) => new(RefusalKind.Unprocessable, detail) { Title = title };

    public static Refusal Unavailable(string detail, TimeSpan? retryAfter = null) => new(RefusalKind.Unavailable, detail) { RetryAfter = retryAfter };

    public static Refusal Forbidden(string detail) => new(RefusalKind.Forbidden, detail);

    public static Refusal TooLarge(string detail) => new(RefusalKind.TooLarge, detail);
}
