namespace Connector.AfterSales;

/// <summary>
/// A shop's after-sales figures, kept in one row of its merchant's requests partition and changed in the same transaction
/// as each request (<see cref="AfterSalesStore.SaveAsync"/>), so a request counts once whatever the retries: requests per
/// state, and the deadline (Unix seconds, 0 for none) of each request waiting for the seller, by row key. The second is
/// bounded by the requests open at one time, not by every request ever stored.
/// </summary>
public sealed record AfterSalesFigures(Dictionary<string, int> ByState, Dictionary<string, long> AwaitingDeadlines)
{
    public static AfterSalesFigures Empty() => new(new Dictionary<string, int>(StringComparer.Ordinal), new Dictionary<string, long>(StringComparer.Ordinal));

    /// <summary>The figures once <paramref name="before"/> (null: a new request) is stored as <paramref name="after"/>.</summary>
    public AfterSalesFigures Moved(AfterSalesRequest? before, AfterSalesRequest after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var byState = new Dictionary<string, int>(ByState, StringComparer.Ordinal);
        var awaiting = new Dictionary<string, long>(AwaitingDeadlines, StringComparer.Ordinal);
        if (before is not null)
        {
            var was = before.State.ToString();
            byState[was] = Math.Max(0, byState.GetValueOrDefault(was) - 1);
            awaiting.Remove(AfterSalesStore.RowKey(before.Kind, before.RequestId));
        }

        Add(byState, awaiting, after);
        return new AfterSalesFigures(byState, awaiting);
    }

    /// <summary>The figures of requests as they are stored (a merchant's first figures, from its rows).</summary>
    public static AfterSalesFigures Of(IEnumerable<AfterSalesRequest> requests)
    {
        var figures = Empty();
        foreach (var request in requests)
        {
            Add(figures.ByState, figures.AwaitingDeadlines, request);
        }

        return figures;
    }

    private static void Add(Dictionary<string, int> byState, Dictionary<string, long> awaiting, AfterSalesRequest request)
    {
        var state = request.State.ToString();
        byState[state] = byState.GetValueOrDefault(state) + 1;
        if (request.AwaitsSeller)
        {
            awaiting[AfterSalesStore.RowKey(request.Kind, request.RequestId)] = request.Deadline?.ToUnixTimeSeconds() ?? 0;
        }
    }
}
