using Microsoft.Extensions.Options;

namespace Connector.AfterSales;

/// <summary>Requests waiting for the seller, near their deadline (within the warning) and past it, and all by state.</summary>
public sealed record AfterSalesCounts(int WaitingForSeller, int NearDeadline, int PastDeadline, double DeadlineWarningHours, IReadOnlyDictionary<string, int> ByState);

/// <summary>
/// Every shop's <see cref="AfterSalesFigures"/> added up (the dashboard's rollup keeps one): requests by state, and the
/// requests waiting for the seller by deadline, to the quarter hour (rounded up), plus those without a deadline.
/// </summary>
public sealed record AfterSalesTotals
{
    public const long QuarterSeconds = 900;

    public Dictionary<string, int> ByState { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Waiting requests per deadline quarter hour (Unix seconds of the quarter's end / 900).</summary>
    public Dictionary<long, int> DeadlineQuarters { get; init; } = [];

    public int WaitingWithoutDeadline { get; init; }

    public AfterSalesTotals Add(AfterSalesFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var byState = new Dictionary<string, int>(ByState, StringComparer.Ordinal);
        foreach (var (state, n) in figures.ByState)
        {
            byState[state] = byState.GetValueOrDefault(state) + n;
        }

        var quarters = new Dictionary<long, int>(DeadlineQuarters);
        var without = WaitingWithoutDeadline;
        foreach (var deadline in figures.AwaitingDeadlines.Values)
        {
            if (deadline <= 0)
            {
                without++;
                continue;
            }

            var quarter = (deadline + QuarterSeconds - 1) / QuarterSeconds;
            quarters[quarter] = quarters.GetValueOrDefault(quarter) + 1;
        }

        return new AfterSalesTotals { ByState = byState, DeadlineQuarters = quarters, WaitingWithoutDeadline = without };
    }
}

/// <summary>The dashboard's after-sales counts and the after-sales part of "why is this order not here?".</summary>
public sealed class AfterSalesSummary(AfterSalesStore store, IOptions<AfterSalesOptions> options)
{
    /// <summary>
    /// Requests by state, those waiting for the seller, near their deadline (within the warning) and past it, at
    /// <paramref name="now"/>, from the rollup's totals, where deadlines are known to the quarter hour: a request counts as
    /// past its deadline once that quarter hour has ended (never early), and as near by the same rule as each request
    /// (<see cref="AfterSalesRules.NearDeadline(DateTimeOffset, DateTimeOffset, TimeSpan)"/>) from the quarter's start
    /// (a warning at most 15 minutes early, never late).
    /// </summary>
    public AfterSalesCounts Counts(AfterSalesTotals totals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var warning = options.Value.DeadlineWarning;
        int near = 0, past = 0;
        foreach (var (quarter, n) in totals.DeadlineQuarters)
        {
            var quarterEnd = DateTimeOffset.FromUnixTimeSeconds(quarter * AfterSalesTotals.QuarterSeconds);
            if (quarterEnd <= now)
            {
                past += n;
            }
            else if (AfterSalesRules.NearDeadline(quarterEnd.AddSeconds(-AfterSalesTotals.QuarterSeconds), now, warning))
            {
                near += n;
            }
        }

        var byState = Enum.GetNames<AfterSalesState>().ToDictionary(n => n, n => totals.ByState.GetValueOrDefault(n), StringComparer.Ordinal);
        return new AfterSalesCounts(totals.DeadlineQuarters.Values.Sum() + totals.WaitingWithoutDeadline, near, past, warning.TotalHours, byState);
    }

    /// <summary>An order's after-sales requests as the explain endpoint shows them, and one sentence about them.</summary>
    public async Task<(IReadOnlyList<object> Requests, string? Sentence)> ForOrderAsync(string merchantId, string shopId, string orderId, CancellationToken cancellationToken)
    {
        var requests = (await store.ForOrderAsync(merchantId, shopId, orderId, cancellationToken)).OrderBy(r => r.CreateTime).ToArray();
        if (requests.Length == 0)
        {
            return ([], null);
        }

        var sentence = "After-sales: " + string.Join(" ", requests.Select(r => $"{AfterSalesRules.Describe(r)} is {r.State}: {r.StateReason}"));
        return (requests.Select(AfterSalesRequestView.Of).ToArray<object>(), sentence);
    }
}
