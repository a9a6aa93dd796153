using System.Globalization;
using System.Text.Json;

namespace Connector.Finance;

/// <summary>Reading TikTok's money exactly: decimal strings, and breakdown objects flattened to named amounts.</summary>
public static class FinanceAmounts
{
    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>A decimal string ("-12.30", "0 "); null or blank reads as null.</summary>
    /// <exception cref="JsonException">Not an amount.</exception>
    public static decimal? Parse(string? text) => Connector.TikTok.Api.FinanceDecimalConverter.Parse(text);

    /// <summary>
    /// Every non-zero amount in a breakdown object, by its path under <paramref name="prefix"/>: nested objects add a
    /// segment (<c>shipping.supplementary_component.fbt_shipping_cost_amount</c>). Strings that are not amounts are skipped.
    /// </summary>
    public static void Flatten(JsonElement? element, string prefix, IDictionary<string, decimal> into)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            return;
        }

        foreach (var property in obj.EnumerateObject())
        {
            var name = prefix + "." + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(property.Value, name, into);
                    break;
                case JsonValueKind.Number when property.Value.TryGetDecimal(out var number) && number != 0:
                    into[name] = into.TryGetValue(name, out var sum) ? sum + number : number;
                    break;
                case JsonValueKind.String when decimal.TryParse(property.Value.GetString(), Styles, CultureInfo.InvariantCulture, out var amount) && amount != 0:
                    into[name] = into.TryGetValue(name, out var total) ? total + amount : amount;
                    break;
            }
        }
    }

    /// <summary>The amounts of a breakdown dictionary under one prefix (e.g. "fee."), with the prefix removed.</summary>
    public static SortedDictionary<string, decimal> Under(IReadOnlyDictionary<string, decimal> breakdown, string prefix) =>
        new(breakdown.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key[prefix.Length..], p => p.Value), StringComparer.Ordinal);

    /// <summary>Adds amounts by name.</summary>
    public static SortedDictionary<string, decimal> Sum(IEnumerable<IReadOnlyDictionary<string, decimal>> breakdowns)
    {
        var sum = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var breakdown in breakdowns)
        {
            foreach (var (name, value) in breakdown)
            {
                sum[name] = sum.TryGetValue(name, out var total) ? total + value : value;
            }
        }

        foreach (var zero in sum.Where(p => p.Value == 0).Select(p => p.Key).ToList())
        {
            sum.Remove(zero);
        }

        return sum;
    }

    /// <summary>Invariant text of an amount, as stored and written to CSV ("-12.30").</summary>
    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
