using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Http;

/// <summary>
/// The one way API endpoints answer an error: RFC 9457 problem+json with a title, a detail a person can act on,
/// and a reference id that is also in the log line. Bad input changes nothing, so a problem is always safe to retry.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>The problem for a typed refusal (the one mapper: <see cref="HttpEdge"/> calls it and logs the reference).</summary>
    public static IActionResult From(Refusal refusal, string reference)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var status = StatusOf(refusal.Kind);
        var body = new Dictionary<string, object?>
        {
            ["type"] = TypeFor(status),
            ["title"] = refusal.Title ?? TitleOf(refusal.Kind),
            ["status"] = status,
            ["detail"] = refusal.Detail,
            ["reference"] = reference,
        };
        if (refusal.Errors is { Count: > 0 } errors)
        {
            body["errors"] = errors;
        }

        foreach (var (name, value) in refusal.Extensions ?? new Dictionary<string, object?>())
        {
            body.TryAdd(name, value);
        }

        return new ContentResult { StatusCode = status, ContentType = ContentType, Content = JsonSerializer.Serialize(body, JsonOptions) };
    }

    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => StatusCodes.Status400BadRequest,
        RefusalKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RefusalKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        RefusalKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        RefusalKind.BadGateway => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    private static string TitleOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => "The request is not valid",
        RefusalKind.Unauthenticated => "Not signed in",
        RefusalKind.Forbidden => "Not allowed",
        RefusalKind.NotFound => "Not found",
        RefusalKind.Conflict => "Conflict",
        RefusalKind.TooLarge => "The request is too large",
        RefusalKind.Unprocessable => "The request cannot be carried out",
        RefusalKind.TooManyRequests => "Too many requests",
        RefusalKind.BadGateway => "TikTok refused the request",
        _ => "A dependency is unavailable",
    };

    /// <summary>The problem's <c>type</c>: the status code's section of RFC 9110 (429: RFC 6585).</summary>
    public static string TypeFor(int status) => status switch
    {
        400 => Rfc9110 + "15.5.1",
        401 => Rfc9110 + "15.5.2",
        403 => Rfc9110 + "15.5.4",
        404 => Rfc9110 + "15.5.5",
        405 => Rfc9110 + "15.5.6",
        409 => Rfc9110 + "15.5.10",
        410 => Rfc9110 + "15.5.11",
        413 => Rfc9110 + "15.5.14",
        415 => Rfc9110 + "15.5.16",
        422 => Rfc9110 + "15.5.21",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        500 => Rfc9110 + "15.6.1",
        502 => Rfc9110 + "15.6.3",
        503 => Rfc9110 + "15.6.4",
        504 => Rfc9110 + "15.6.5",
        _ => "about:blank",
    };

    private const string Rfc9110 = "https://www.rfc-editor.org/rfc/rfc9110#section-";

    /// <summary>A short id quoted on error pages and problems and written to the log line with the reason.</summary>
    public static string NewReference() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));

    /// <summary>A 2xx JSON answer in the same casing as the problems.</summary>
    public static IActionResult Json(object value, int status = StatusCodes.Status200OK) =>
        new ContentResult { StatusCode = status, ContentType = "application/json", Content = JsonSerializer.Serialize(value, JsonOptions) };

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
