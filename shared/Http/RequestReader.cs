using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connector.Http;

/// <summary>
/// What a request record's <c>Bind</c> reads from: the path ids the function class hands over, the query, the headers
/// and the body (already read by <see cref="HttpEdge"/>, at most <see cref="RequestBody.MaxBytes"/>). Every reader
/// method records a bad value under the field's name in <see cref="Errors"/> and returns a harmless default, so one
/// answer names every bad field; the edge refuses the request (400) when any error was recorded, before the
/// operation runs, so bad input changes nothing.
/// </summary>
public sealed class RequestReader
{
    private readonly HttpRequest request;

    private JsonElement? json;
    private bool parsed;

    internal RequestReader(HttpRequest request, byte[] body, DateTimeOffset now)
    {
        this.request = request;
        Now = now;
        RawBody = body;
    }

    /// <summary>Reads the body (at most <paramref name="maxBodyBytes"/>); the refusal when it is too large or not JSON.</summary>
    public static async Task<(RequestReader? Reader, Refusal? Refusal)> ReadAsync(HttpRequest http, DateTimeOffset now, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (bytes, tooLarge) = await RequestBody.ReadBytesAsync(http, maxBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return (null, RequestBody.TooLargeRefusal(maxBodyBytes));
        }

        return (new RequestReader(http, bytes!, now), null);
    }

    /// <summary>Field (as the caller wrote it: <c>lines[2].quantity</c>, a query name, "" for the body) → what is wrong.</summary>
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>What the request is, in the caller's terms ("shipment", "stock levels"); the 400's detail is "Invalid {What} (field: error; ...)".</summary>
    public string What { get; set; } = "request";

    /// <summary>The body as sent (empty when none); for endpoints that verify a signature over the exact bytes.</summary>
    public byte[] RawBody { get; }

    /// <summary>
    /// The body parsed as JSON; null when there is none, or when it is not JSON (then an error on "" says where it
    /// breaks). Parsed on first use, so an endpoint that reads only the raw bytes (a signed webhook) decides itself.
    /// </summary>
    public JsonElement? Json
    {
        get
        {
            if (!parsed)
            {
                parsed = true;
                var (value, notJson) = RequestBody.Parse(RawBody);
                json = value;
                if (notJson is not null)
                {
                    Fail("", notJson.Errors![""]);
                }
            }

            return json;
        }
    }

    public bool HasErrors => Errors.Count > 0;

    /// <summary>When the request arrived (the app's clock), for rules such as "not in the future".</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Records that <paramref name="field"/> is bad (the first error for a field wins).</summary>
    public void Fail(string field, string error) => Errors.TryAdd(field, [error]);

    /// <summary>Records several errors for one field.</summary>
    public void Fail(string field, IEnumerable<string> errors)
    {
        var all = errors.ToArray();
        if (all.Length > 0)
        {
            Errors.TryAdd(field, all);
        }
    }

    /// <summary>Who is calling the admin API, as the audit log names them (<see cref="AdminCaller.KeyName"/>).</summary>
    public string Caller => AdminCaller.KeyName(request);

    /// <summary>The caller the admin edge let in (<see cref="HttpEdge.RunAdminAsync"/>); null outside the admin API.</summary>
    public AdminIdentity? Identity => AdminCaller.Current(request);

    /// <summary>The URL this request came to, without path (links the connector hands out point back to it).</summary>
    public Uri BaseUrl => new($"{request.Scheme}://{request.Host}/");

    /// <summary>The request's path with its base, as the caller sent it (no query).</summary>
    public string PathAndBase => (request.PathBase + request.Path).Value ?? "";

    /// <summary>The query string as sent, with its "?" (empty when none).</summary>
    public string QueryString => request.QueryString.Value ?? "";

    /// <summary>Every value of a header (comma-separated values split), e.g. If-None-Match.</summary>
    public IReadOnlyList<string> Headers(string name) =>
        request.Headers[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();

    public string? Header(string name) => request.Headers[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

    /// <summary>A path id (<see cref="Ids"/>).</summary>
    public string Id(string name, string? value)
    {
        if (!Ids.IsValid(value))
        {
            Fail(name, Ids.Error(value));
        }

        return value ?? "";
    }

    public string? Query(string name) => request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

    /// <summary>An optional id in the query.</summary>
    public string? QueryId(string name)
    {
        var value = Query(name);
        if (value is not null && !Ids.IsValid(value))
        {
            Fail(name, Ids.Error(value));
        }

        return value;
    }

    /// <summary>An optional enum in the query, by name (never by number).</summary>
    public T? QueryEnum<T>(string name) where T : struct, Enum
    {
        if (Query(name) is not { } text)
        {
            return null;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _))
        {
            return parsed;
        }

        Fail(name, "must be one of: " + string.Join(", ", Enum.GetNames<T>()));
        return null;
    }

    /// <summary>An optional ISO 8601 time in the query (UTC when no offset is given).</summary>
    public DateTimeOffset? QueryTime(string name, string hint = "e.g. 2026-01-31T10:00:00Z")
    {
        if (Query(name) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        Fail(name, $"must be an ISO 8601 date and time, {hint}");
        return null;
    }

    /// <summary>An optional whole number in the query within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int? QueryInt(string name, int min, int max)
    {
        if (Query(name) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Fail(name, $"must be a whole number from {min} to {max}");
        return null;
    }

    /// <summary>An optional true/false in the query.</summary>
    public bool? QueryBool(string name)
    {
        if (Query(name) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Fail(name, "must be true or false");
        return null;
    }

    /// <summary><c>pageSize</c> (1..<paramref name="max"/>, default <paramref name="fallback"/>).</summary>
    public int PageSize(int fallback = AdminRequest.DefaultPageSize, int max = AdminRequest.MaxPageSize) => QueryInt("pageSize", 1, max) ?? fallback;

    /// <summary><c>continuationToken</c> turned back into the table's token (only tokens this API gave out).</summary>
    public string? Continuation()
    {
        if (!AdminRequest.TryContinuation(Query("continuationToken"), out var token))
        {
            Fail("continuationToken", "not one this API gave out; start again without it");
        }

        return token;
    }

    /// <summary>
    /// The body as a JSON object, or an error on "" saying what it must look like (<paramref name="shape"/>, an example).
    /// </summary>
    public JsonElement? Object(string shape)
    {
        if (Json is { ValueKind: JsonValueKind.Object } value)
        {
            return value;
        }

        Fail("", $"the body must be a JSON object: {shape}"); // after "not valid JSON", this one is not added
        return null;
    }

    /// <summary>
    /// The body bound to <typeparamref name="T"/> (camelCase, enums by name); a missing or non-object body or a field
    /// of the wrong type is an error naming it. The record's own rules are then checked by its <c>Bind</c>.
    /// </summary>
    public T? Body<T>(string shape) where T : class
    {
        if (Object(shape) is not { } value)
        {
            return null;
        }

        return JsonBinding.Bind<T>(value, Errors);
    }

    /// <summary>A text member of a JSON object (null when absent or null; an error when not text).</summary>
    public string? Text(JsonElement obj, string name)
    {
        if (Member(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Fail(name, "must be text");
        return null;
    }

    /// <summary>A member of a JSON object by name, case-insensitively (null when absent or null).</summary>
    public static JsonElement? Member(JsonElement obj, string name)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : property.Value;
            }
        }

        return null;
    }

    /// <summary>The 400 for the recorded errors: the detail names each field and what is wrong with it.</summary>
    internal Refusal ToRefusal()
    {
        var each = string.Join("; ", Errors.Select(e => $"{(e.Key.Length == 0 ? "the body" : e.Key)}: {string.Join(", ", e.Value)}"));
        return Refusal.Invalid($"Invalid {What} ({each}); nothing was changed. Fix the fields named in \"errors\".", Errors);
    }
}
