using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Http;

/// <summary>
/// The one way HTTP endpoints read a body: at most <see cref="MaxBytes"/> (8 MiB; the largest legitimate body, 5,000
/// stock levels, is well under 1 MiB), answered 413 problem+json when larger, whether the length is announced or not,
/// and whatever limit the host has (the local host's 30 MB, the Functions host's 100 MB) is never reached by a request
/// the connector would accept. Not JSON: 400 problem+json saying where it breaks.
/// </summary>
public static class RequestBody
{
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>The body parsed as JSON (null when empty), or the 400 saying where it breaks.</summary>
    public static (JsonElement? Json, Refusal? NotJson) Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";
            return (null, Refusal.Invalid($"The body is not valid JSON{where}; nothing was changed.",
                new Dictionary<string, string[]> { [""] = [$"not valid JSON{where}"] }));
        }
    }

    /// <summary>The raw body (up to <paramref name="maxBytes"/>), or the 413 problem.</summary>
    public static async Task<(byte[]? Bytes, IActionResult? TooLarge)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    /// <summary>413 problem+json naming the limit.</summary>
    public static IActionResult TooLarge(int maxBytes) => Problems.From(TooLargeRefusal(maxBytes), Problems.NewReference());

    /// <summary>The refusal of a body over <paramref name="maxBytes"/>.</summary>
    public static Refusal TooLargeRefusal(int maxBytes) =>
        Refusal.TooLarge($"The body is larger than {Describe(maxBytes)}, the most this endpoint accepts; nothing was changed. Send it in smaller parts.");

    private static string Describe(int bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";
}

/// <summary>Binds a JSON body to a request record, naming a wrong-typed field in the user's terms (never a .NET type).</summary>
public static class JsonBinding
{
    /// <summary>The body as <typeparamref name="T"/>; on a wrong type, null and an error under the field's path (e.g. <c>lines[2].quantity</c>).</summary>
    public static T? Bind<T>(JsonElement value, IDictionary<string, string[]> errors) where T : class
    {
        try
        {
            return value.Deserialize<T>(Problems.JsonOptions);
        }
        catch (JsonException e)
        {
            var path = FieldPath(e.Path);
            errors[path.Length == 0 ? "" : path] = [$"must be {Expected(typeof(T), e.Path)}"];
            return null;
        }
    }

    /// <summary>"$.lines[2].quantity" → "lines[2].quantity".</summary>
    public static string FieldPath(string? jsonPath) => (jsonPath ?? "$").TrimStart('$').TrimStart('.');

    /// <summary>What the field at <paramref name="jsonPath"/> of <paramref name="root"/> must be, in words.</summary>
    internal static string Expected(Type root, string? jsonPath)
    {
        var type = root;
        foreach (var part in System.Text.RegularExpressions.Regex.Matches(jsonPath ?? "", @"\.([^.\[]+)|\[(\d+)\]").Select(m => m))
        {
            if (part.Groups[1].Success)
            {
                var property = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, part.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
                if (property is null)
                {
                    return "of another type";
                }

                type = property.PropertyType;
            }
            else
            {
                type = ElementType(type) ?? type;
            }
        }

        return Describe(type);
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "text";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return "a whole number";
        }

        if (type == typeof(decimal) || type == typeof(double))
        {
            return "a number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "an ISO 8601 date and time, e.g. 2026-01-31T10:00:00Z";
        }

        if (type == typeof(JsonElement))
        {
            return "valid JSON";
        }

        if (type.IsEnum)
        {
            return "one of: " + string.Join(", ", Enum.GetNames(type));
        }

        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
        {
            return "an object of names and values";
        }

        return ElementType(type) is { } element && type != typeof(string) ? $"a list of {Plural(Describe(element))}" : "an object";
    }

    private static string Plural(string what) => what switch
    {
        "text" => "texts",
        "an object" => "objects",
        "a whole number" => "whole numbers",
        "a number" => "numbers",
        _ => what,
    };
}
