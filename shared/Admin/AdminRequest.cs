using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin;

/// <summary>What every admin endpoint reads the same way: ids, page sizes and continuation tokens.</summary>
public static partial class AdminRequest
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>The one id rule (<see cref="Ids"/>).</summary>
    public static bool IsId(string? value) => Ids.IsValid(value);

    /// <summary>The <c>pageSize</c> query value (default 50, 1..500), or a problem.</summary>
    public static bool TryPageSize(HttpRequest request, out int pageSize, out IActionResult? problem)
    {
        pageSize = DefaultPageSize;
        problem = null;
        if (request.Query["pageSize"].FirstOrDefault() is { Length: > 0 } text && (!int.TryParse(text, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            problem = Problems.BadRequest($"pageSize must be a whole number from 1 to {MaxPageSize}.");
            return false;
        }

        return true;
    }

    public static string? Query(HttpRequest request, string name) => request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

    /// <summary>An enum from the query by name (never by number), or a problem naming the allowed values.</summary>
    public static bool TryEnum<T>(HttpRequest request, string name, out T? value, out IActionResult? problem) where T : struct, Enum
    {
        value = null;
        problem = null;
        if (Query(request, name) is not { } text)
        {
            return true;
        }

        if (!Enum.TryParse<T>(text, ignoreCase: true, out var parsed) || int.TryParse(text, out _))
        {
            problem = Problems.BadRequest($"Unknown {name} '{text}'. Use one of: {string.Join(", ", Enum.GetNames<T>())}.");
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>The body as a JSON object, or null when it is missing or not a JSON object.</summary>
    public static async Task<System.Text.Json.JsonElement?> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
