using System.Globalization;
using System.Text.Json;
using Connector.Http;

namespace Connector.Inventory;

/// <summary>
/// PUT /api/merchants/{merchantId}/inventory <c>{"levels":[{"sku","location","quantity","asOf"}]}</c>: 1 to
/// <see cref="MaxLevels"/> levels, every bad row named by index (<c>levels[3]</c>, all its reasons).
/// </summary>
public sealed record PutStockLevels(string MerchantId, IReadOnlyList<StockLevel> Levels)
{
    public const int MaxLevels = 5000;
    public const int MaxKeyLength = 200;
    public const string Shape = "{\"levels\":[{\"sku\":\"...\",\"location\":\"...\",\"quantity\":0,\"asOf\":\"2025-01-01T00:00:00Z\"}]}";

    /// <summary>An as-of time further ahead than this is refused (it would hide every later level until then).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static PutStockLevels Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "stock levels";
        merchantId = r.Id("merchantId", merchantId);
        if (r.Object(Shape) is not { } body)
        {
            return new PutStockLevels(merchantId, []);
        }

        if (RequestReader.Member(body, "levels") is not { ValueKind: JsonValueKind.Array } array)
        {
            r.Fail("levels", "required: a list of {\"sku\", \"location\", \"quantity\", \"asOf\"}");
            return new PutStockLevels(merchantId, []);
        }

        var count = array.GetArrayLength();
        if (count is 0 or > MaxLevels)
        {
            r.Fail("levels", $"must hold 1 to {MaxLevels} levels; it holds {count}");
            return new PutStockLevels(merchantId, []);
        }

        var (parsed, errors) = Parse(array, r.Now);
        foreach (var (field, problems) in errors)
        {
            r.Fail(field, problems);
        }

        return new PutStockLevels(merchantId, parsed);
    }

    internal static (List<StockLevel> Levels, Dictionary<string, string[]> Errors) Parse(JsonElement array, DateTimeOffset now)
    {
        var parsed = new List<StockLevel>(array.GetArrayLength());
        var errors = new Dictionary<string, string[]>();
        var index = 0;
        foreach (var row in array.EnumerateArray())
        {
            var problems = new List<string>();
            string? sku = null, location = null;
            long quantity = 0;
            DateTimeOffset asOf = default;
            if (row.ValueKind != JsonValueKind.Object)
            {
                problems.Add("must be an object {sku, location, quantity, asOf}");
            }
            else
            {
                sku = Key(row, "sku", problems);
                location = Key(row, "location", problems);
                if (!TryGet(row, "quantity", out var q) || q.ValueKind == JsonValueKind.Null)
                {
                    problems.Add("quantity is required: a whole number of 0 or more");
                }
                else if (q.ValueKind != JsonValueKind.Number)
                {
                    problems.Add("quantity must be a whole number of 0 or more");
                }
                else if (!q.TryGetInt64(out quantity))
                {
                    problems.Add("quantity must be a whole number");
                }
                else if (quantity < 0)
                {
                    problems.Add("quantity must not be negative");
                }

                if (!TryGet(row, "asOf", out var a) || a.ValueKind == JsonValueKind.Null)
                {
                    problems.Add("asOf is required: an ISO 8601 date and time, e.g. 2025-01-01T12:00:00Z");
                }
                else if (a.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(a.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out asOf))
                {
                    problems.Add("asOf must be an ISO 8601 date and time, e.g. 2025-01-01T12:00:00Z");
                }
                else if (asOf > now + MaxClockSkew)
                {
                    problems.Add("asOf is in the future");
                }
            }

            if (problems.Count > 0)
            {
                errors[$"levels[{index}]"] = problems.ToArray();
            }
            else
            {
                parsed.Add(new StockLevel(sku!, location!, quantity, asOf));
            }

            index++;
        }

        return (parsed, errors);
    }

    private static string? Key(JsonElement row, string name, List<string> problems)
    {
        if (!TryGet(row, name, out var value) || value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
        {
            problems.Add($"{name} is required: text of 1 to {MaxKeyLength} characters");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name} must be text of 1 to {MaxKeyLength} characters");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > MaxKeyLength || text.Any(char.IsControl))
        {
            problems.Add($"{name} must be at most {MaxKeyLength} characters without control characters");
            return null;
        }

        return text;
    }

    /// <summary>Property names match case-insensitively (asOf, AsOf, asof).</summary>
    private static bool TryGet(JsonElement row, string name, out JsonElement value)
    {
        foreach (var property in row.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
