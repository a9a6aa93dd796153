using Microsoft.Extensions.Options;

namespace Connector.AfterSales;

/// <summary>Requests waiting for the seller, near their deadline (within the warning) and past it, and all by state.</summary>
public sealed record AfterSalesCounts(int WaitingForSeller, int NearDeadline, int PastDeadline, double DeadlineWarningHours, IReadOnlyDictionary<string, int> ByState);

/// <summary>The dashboard's after-sales counts and the after-sales part of "why is this order not here?".</summary>
public sealed class AfterSalesSummary(AfterSalesStore store, IOptions<AfterSalesOptions> options, TimeProvider time)
{
    /// <summary>Requests by state, those waiting for the seller, near their deadline (within the warning) and past it.</summary>
    public async Task<AfterSalesCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int waiting = 0, near = 0, overdue = 0;
        await foreach (var request in store.AwaitingSellerAsync(cancellationToken))
        {
            waiting++;
            if (request.Deadline is { } deadline && deadline <= now)
            {
                overdue++;
            }
            else if (AfterSalesRules.NearDeadline(request, now, options.Value.DeadlineWarning))
            {
                near++;
            }
        }

        return new AfterSalesCounts(waiting, near, overdue, options.Value.DeadlineWarning.TotalHours, await store.CountByStateAsync(cancellationToken));
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
