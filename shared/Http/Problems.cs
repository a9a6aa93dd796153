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

    public static IActionResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Create(StatusCodes.Status400BadRequest, "The request is not valid", detail, errors);

    public static IActionResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static IActionResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "Conflict", detail);

    public static IActionResult Unprocessable(string detail) => Create(StatusCodes.Status422UnprocessableEntity, "The request cannot be carried out", detail);

    public static IActionResult Unavailable(string detail) => Create(StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable", detail);

    /// <summary>A problem with the given status; <paramref name="reference"/> defaults to a fresh id.</summary>
    public static IActionResult Create(int status, string title, string detail, IDictionary<string, string[]>? errors = null, string? reference = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["reference"] = reference ?? NewReference(),
        };
        if (errors is { Count: > 0 })
        {
            body["errors"] = errors;
        }

        return new ContentResult { StatusCode = status, ContentType = ContentType, Content = JsonSerializer.Serialize(body, JsonOptions) };
    }

    /// <summary>A short id quoted on error pages and problems and written to the log line with the reason.</summary>
    public static string NewReference() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));

    /// <summary>Reads a JSON body; null when it is missing or not JSON of that shape.</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, JsonOptions, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A 2xx JSON answer in the same casing as the problems.</summary>
    public static IActionResult Json(object value, int status = StatusCodes.Status200OK) =>
        new ContentResult { StatusCode = status, ContentType = "application/json", Content = JsonSerializer.Serialize(value, JsonOptions) };

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
