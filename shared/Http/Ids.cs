using System.Text.RegularExpressions;

namespace Connector.Http;

/// <summary>
/// The one rule for ids the connector is given (merchant, shop, order, shipment, authorization, case, run, message
/// ids, in paths and bodies): 1 to 64 letters, digits, '.', '_' or '-'. A malformed id is 400 problem+json naming the
/// parameter, wherever it comes in, and nothing changes.
/// </summary>
public static partial class Ids
{
    public const int MaxLength = 64;
    public const string Rule = "1 to 64 letters, digits, '.', '_' or '-'";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>The error for a malformed id, in the user's terms.</summary>
    public static string Error(string? value) => string.IsNullOrEmpty(value) ? "required: " + Rule : "must be " + Rule;

    private static string Shorten(string? value) => value is null ? "" : value.Length > 80 ? value[..80] + "…" : value;
}
