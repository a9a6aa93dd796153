using System.Globalization;
using System.Text.RegularExpressions;

namespace Connector.Listings;

/// <summary>
/// A profile's price rule (CedCommerce): the TikTok price from the catalog price. <c>adjust</c> is empty (none),
/// <c>+10%</c> / <c>-5%</c> (percent up / down) or <c>+2.50</c> / <c>-1</c> (a fixed amount up / down); <c>rounding</c>
/// is <c>none</c> (to the cent), <c>nearest:0.05</c> (to the nearest step) or <c>ending:0.99</c> (up to the next price
/// ending in .99). Pure and exact (decimal).
/// </summary>
public sealed partial record PriceRule(string Kind, decimal Amount, string RoundingKind, decimal RoundingValue)
{
    public static readonly PriceRule None = new("none", 0, "none", 0);

    /// <summary>Parses a rule; the error names what is wrong (null when it parsed).</summary>
    public static (PriceRule? Rule, Dictionary<string, string> Errors) Parse(string? adjust, string? rounding)
    {
        var errors = new Dictionary<string, string>();
        string kind = "none";
        decimal amount = 0;
        var text = adjust?.Replace(" ", "", StringComparison.Ordinal) ?? "";
        if (text.Length > 0)
        {
            var m = Adjust().Match(text);
            if (!m.Success || !decimal.TryParse(m.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
            {
                errors["adjust"] = $"'{adjust}' is not a price rule: write +10% or -5% (percent up or down) or +2.50 or -1 (a fixed amount up or down)";
            }
            else
            {
                var down = m.Groups["sign"].Value == "-";
                var percent = m.Groups["pct"].Success;
                if (percent && down && amount >= 100)
                {
                    errors["adjust"] = "a percent down must be below 100%";
                }
                else if (percent && amount > 1000)
                {
                    errors["adjust"] = "a percent up must be at most 1000%";
                }

                kind = percent ? "percent" : "fixed";
                amount = down ? -amount : amount;
            }
        }

        string roundingKind = "none";
        decimal roundingValue = 0;
        var r = rounding?.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() ?? "";
        if (r.Length > 0 && r != "none")
        {
            var m = Rounding().Match(r);
            if (!m.Success || !decimal.TryParse(m.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out roundingValue))
            {
                errors["rounding"] = $"'{rounding}' is not a rounding: write none, nearest:0.05 (to the nearest step) or ending:0.99 (up to a price ending in .99)";
            }
            else
            {
                roundingKind = m.Groups["kind"].Value;
                if (roundingKind == "nearest" && (roundingValue <= 0 || roundingValue > 100))
                {
                    errors["rounding"] = "nearest needs a step above 0 and at most 100, e.g. nearest:0.05";
                }
                else if (roundingKind == "ending" && roundingValue >= 1)
                {
                    errors["rounding"] = "ending needs cents below 1, e.g. ending:0.99";
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new PriceRule(kind, amount, roundingKind, roundingValue), errors);
    }

    /// <summary>The TikTok price for a catalog price: adjusted, then rounded, always to whole cents.</summary>
    public decimal Apply(decimal price)
    {
        var adjusted = Kind switch
        {
            "percent" => price * (100 + Amount) / 100,
            "fixed" => price + Amount,
            _ => price,
        };
        var rounded = RoundingKind switch
        {
            "nearest" => Math.Round(adjusted / RoundingValue, MidpointRounding.AwayFromZero) * RoundingValue,
            "ending" => Ending(adjusted, RoundingValue),
            _ => adjusted,
        };
        return decimal.Round(rounded, 2, MidpointRounding.AwayFromZero) + 0.00m;
    }

    /// <summary>The rule in the form it was written (for profiles and messages).</summary>
    public override string ToString() => (Kind switch
    {
        "percent" => (Amount >= 0 ? "+" : "") + Amount.ToString(CultureInfo.InvariantCulture) + "%",
        "fixed" => (Amount >= 0 ? "+" : "") + Amount.ToString(CultureInfo.InvariantCulture),
        _ => "no change",
    }) + (RoundingKind == "none" ? "" : $", rounded {RoundingKind}:{RoundingValue.ToString(CultureInfo.InvariantCulture)}");

    private static decimal Ending(decimal value, decimal cents)
    {
        var candidate = Math.Floor(value) + cents;
        return candidate >= decimal.Round(value, 2, MidpointRounding.AwayFromZero) ? candidate : candidate + 1;
    }

    [GeneratedRegex(@"^(?<sign>[+-])(?<n>\d{1,7}(\.\d{1,4})?)(?<pct>%)?$")]
    private static partial Regex Adjust();

    [GeneratedRegex(@"^(?<kind>nearest|ending):(?<n>\d{1,3}(\.\d{1,4})?)$")]
    private static partial Regex Rounding();
}
