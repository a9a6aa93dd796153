using Connector.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.AfterSales;

/// <summary>
/// Requests waiting for the seller close to TikTok's deadline (within <see cref="AfterSalesOptions.DeadlineWarning"/>): each opens
/// one <c>AfterSalesDeadline</c> support case (once per request and state); the case closes itself when the request is answered.
/// </summary>
public sealed partial class AfterSalesDeadlines(AfterSalesStore store, SupportCaseStore cases, IOptions<AfterSalesOptions> options, TimeProvider time,
    ILogger<AfterSalesDeadlines> logger)
{
    /// <summary>The idempotency keys of the deadline cases a request may have (one per waiting state).</summary>
    public static IEnumerable<string> CaseKeys(AfterSalesRequest r) =>
        new[] { AfterSalesState.Requested, AfterSalesState.ReturnShipped }.Select(s => $"after-sales-deadline|{r.MerchantId}|{r.Kind}|{r.RequestId}|{s}");

    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var opened = 0;
        await foreach (var request in store.AwaitingSellerAsync(cancellationToken))
        {
            if (!AfterSalesRules.NearDeadline(request, now, options.Value.DeadlineWarning))
            {
                continue;
            }

            var key = $"after-sales-deadline|{request.MerchantId}|{request.Kind}|{request.RequestId}|{request.State}";
            var left = request.Deadline!.Value - now;
            var when = left <= TimeSpan.Zero ? $"was due at {request.Deadline:u}" : $"is due at {request.Deadline:u} (in {left.TotalHours:0.#} hours)";
            var message = $"{AfterSalesRules.Describe(request)} (shop {request.ShopId}, merchant {request.MerchantId}) waits for an answer that {when}; "
                + $"after it TikTok decides on its own. {request.StateReason} Answer it: POST /api/merchants/{request.MerchantId}/after-sales/{request.RequestId}/"
                + (request.State == AfterSalesState.ReturnShipped ? "receive or /reject." : "approve or /reject.");
            var existing = await cases.GetAsync(SupportCaseStore.CaseId(key), cancellationToken);
            if (existing is null)
            {
                await cases.OpenAsync(SupportCaseKind.AfterSalesDeadline, key, message, request.ShopId, request.MerchantId, null, cancellationToken);
                LogOpened(request.ShopId, request.OrderId, request.RequestId, request.Deadline);
                opened++;
            }
        }

        return opened;
    }

    [LoggerMessage(EventId = 9401, Level = LogLevel.Warning, Message = "After-sales {RequestId} of order {OrderId}, shop {ShopId}: deadline {Deadline} is near and it is not answered; support case opened")]
    private partial void LogOpened(string shopId, string orderId, string requestId, DateTimeOffset? deadline);
}
