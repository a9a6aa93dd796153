using System.Globalization;
using Connector.Http;

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
    /// Reads <c>from</c> and <c>to</c> (YYYY-MM-DD, both required): each bad one is named in the reader's errors. A period may not
    /// start before TikTok's first finance data (2023-07-01), end before it starts, or be longer than <paramref name="maxDays"/>.
    /// </summary>
    public static FinancePeriod Read(RequestReader r, int maxDays)
    {
        ArgumentNullException.ThrowIfNull(r);
        var from = ReadDay(r, "from");
        var to = ReadDay(r, "to");
        if (from is { } f && f < FinanceRules.EarliestData)
        {
            r.Fail("from", $"TikTok keeps finance data from {FinanceRules.EarliestData.ToString(DateFormat, CultureInfo.InvariantCulture)} on; start on or after it");
            from = null;
        }

        if (from is { } start && to is { } end)
        {
            if (end < start)
            {
                r.Fail("to", "must not be before from");
            }
            else if (end.DayNumber - start.DayNumber + 1 > maxDays)
            {
                r.Fail("to", $"the period has {end.DayNumber - start.DayNumber + 1} days; at most {maxDays} are allowed per request");
            }
            else
            {
                return new FinancePeriod(start, end);
            }
        }

        return new FinancePeriod(default, default);
    }

    private static DateOnly? ReadDay(RequestReader r, string name)
    {
        var text = r.Query(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            r.Fail(name, "required, a date YYYY-MM-DD (UTC)");
            return null;
        }

        if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            r.Fail(name, $"'{text}' is not a date YYYY-MM-DD");
            return null;
        }

        return day;
    }
}
