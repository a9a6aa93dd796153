using System.Globalization;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Finance;

/// <summary>A period of whole UTC days, <see cref="From"/> to <see cref="To"/> inclusive, as the finance API takes it.</summary>
public sealed record FinancePeriod(DateOnly From, DateOnly To)
{
    public const string DateFormat = "yyyy-MM-dd";

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Unix seconds [from 00:00, the day after <see cref="To"/> 00:00).</summary>
    public (long From, long To) Times => (FinanceRules.StartOf(From), FinanceRules.StartOf(To.AddDays(1)));

    /// <summary>The statement_time range of the statements covering the period.</summary>
    public (long From, long To) StatementTimes => FinanceRules.StatementTimes(From, To);

    /// <summary>
    /// Reads <c>from</c> and <c>to</c> (YYYY-MM-DD, both required): each bad one is named in the problem. A period may not
    /// start before TikTok's first finance data (2023-07-01), end before it starts, or be longer than <paramref name="maxDays"/>.
    /// </summary>
    public static bool TryRead(HttpRequest request, int maxDays, out FinancePeriod period, out IActionResult? problem)
    {
        period = new FinancePeriod(default, default);
        problem = null;
        var errors = new Dictionary<string, string[]>();
        var from = ReadDay(request, "from", errors);
        var to = ReadDay(request, "to", errors);
        if (from is { } f && f < FinanceRules.EarliestData)
        {
            errors["from"] = [$"TikTok keeps finance data from {FinanceRules.EarliestData.ToString(DateFormat, CultureInfo.InvariantCulture)} on; start on or after it"];
        }

        if (from is { } start && to is { } end && errors.Count == 0)
        {
            if (end < start)
            {
                errors["to"] = ["must not be before from"];
            }
            else if (end.DayNumber - start.DayNumber + 1 > maxDays)
            {
                errors["to"] = [$"the period has {end.DayNumber - start.DayNumber + 1} days; at most {maxDays} are allowed per request"];
            }
        }

        if (errors.Count > 0)
        {
            problem = Problems.BadRequest("The period is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + ".", errors);
            return false;
        }

        period = new FinancePeriod(from!.Value, to!.Value);
        return true;
    }

    private static DateOnly? ReadDay(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        var text = request.Query[name].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[name] = ["required, a date YYYY-MM-DD (UTC)"];
            return null;
        }

        if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[name] = [$"'{text}' is not a date YYYY-MM-DD"];
            return null;
        }

        return day;
    }
}
