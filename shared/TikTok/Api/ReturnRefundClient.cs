using System.Globalization;
using System.Text.Json;
using Connector.TikTok.Http;
using Connector.TikTok.Json;

namespace Connector.TikTok.Api;

/// <summary>
/// TikTok's return_refund API (<c>../shared/tiktok-reference/api-reference/return-and-refund/</c>): search cancellations and
/// returns, approve / reject them (with TikTok's <c>decision</c> and reject reasons), the seller's own cancellation, the reject
/// reasons TikTok offers for one request and a return's records (the buyer's evidence). Signed, rate limited and retried
/// like every Open API call.
/// </summary>
public partial interface ITikTokShopClient
{
    /// <summary>search-cancellations.spec.json: page size 1..50.</summary>
    Task<TikTokCancellationPage> SearchCancellationsAsync(TikTokShopRef shop, TikTokCancellationSearch filter, TikTokPageRequest page, CancellationToken cancellationToken);

    /// <summary>search-returns.spec.json: page size 10..50.</summary>
    Task<TikTokReturnPage> SearchReturnsAsync(TikTokShopRef shop, TikTokReturnSearch filter, TikTokPageRequest page, CancellationToken cancellationToken);

    Task ApproveCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, CancellationToken cancellationToken);

    Task RejectCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, TikTokCancellationRejection rejection, CancellationToken cancellationToken);

    Task ApproveReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokReturnApproval approval, CancellationToken cancellationToken);

    Task RejectReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokReturnRejection rejection, CancellationToken cancellationToken);

    /// <summary>cancel-order.spec.json (no idempotency key at TikTok: the caller checks for an earlier cancellation before repeating).</summary>
    Task<TikTokCancelOrderResult> CancelOrderAsync(TikTokShopRef shop, TikTokCancelOrderRequest request, CancellationToken cancellationToken);

    /// <summary>get-reject-reasons.spec.json: the reasons the seller may give to reject this cancellation or return.</summary>
    Task<IReadOnlyList<TikTokReason>> GetRejectReasonsAsync(TikTokShopRef shop, string returnOrCancelId, string? locale, CancellationToken cancellationToken);

    /// <summary>get-return-records.spec.json: the return's events with the buyer's images and videos.</summary>
    Task<IReadOnlyList<TikTokReturnRecord>> GetReturnRecordsAsync(TikTokShopRef shop, string returnId, string? locale, CancellationToken cancellationToken);
}

public sealed partial class TikTokShopClient
{
    /// <summary>TikTok's page size range of the return_refund searches (search-cancellations: 1-50, search-returns: 10-50).</summary>
    public const int ReturnRefundMaxPageSize = 50;
    public const int ReturnSearchMinPageSize = 10;

    /// <summary>TikTok's limit on idempotency_key.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    private static TikTokReturnRefundJsonContext ReturnRefundJson => TikTokReturnRefundJsonContext.Default;

    public Task<TikTokCancellationPage> SearchCancellationsAsync(TikTokShopRef shop, TikTokCancellationSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(filter, ReturnRefundJson.TikTokCancellationSearch);
        return sender.SendAsync(ReturnRefundPaged(Post(shop, "/return_refund/202309/cancellations/search", body), page, 1), ReturnRefundJson.TikTokCancellationPage, cancellationToken);
    }

    public Task<TikTokReturnPage> SearchReturnsAsync(TikTokShopRef shop, TikTokReturnSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(filter, ReturnRefundJson.TikTokReturnSearch);
        return sender.SendAsync(ReturnRefundPaged(Post(shop, "/return_refund/202309/returns/search", body), page, ReturnSearchMinPageSize), ReturnRefundJson.TikTokReturnPage, cancellationToken);
    }

    public Task ApproveCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, CancellationToken cancellationToken) =>
        SendKeyedAsync(Post(shop, $"/return_refund/202309/cancellations/{Segment(cancelId)}/approve", "{}"), idempotencyKey, cancellationToken);

    public Task RejectCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, TikTokCancellationRejection rejection, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rejection.RejectReason);
        var body = JsonSerializer.Serialize(rejection, ReturnRefundJson.TikTokCancellationRejection);
        return SendKeyedAsync(Post(shop, $"/return_refund/202309/cancellations/{Segment(cancelId)}/reject", body), idempotencyKey, cancellationToken);
    }

    public Task ApproveReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokReturnApproval approval, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approval.Decision);
        var body = JsonSerializer.Serialize(approval, ReturnRefundJson.TikTokReturnApproval);
        return SendKeyedAsync(Post(shop, $"/return_refund/202309/returns/{Segment(returnId)}/approve", body), idempotencyKey, cancellationToken);
    }

    public Task RejectReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokReturnRejection rejection, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rejection.Decision);
        ArgumentException.ThrowIfNullOrWhiteSpace(rejection.RejectReason);
        var body = JsonSerializer.Serialize(rejection, ReturnRefundJson.TikTokReturnRejection);
        return SendKeyedAsync(Post(shop, $"/return_refund/202309/returns/{Segment(returnId)}/reject", body), idempotencyKey, cancellationToken);
    }

    public Task<TikTokCancelOrderResult> CancelOrderAsync(TikTokShopRef shop, TikTokCancelOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.OrderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.CancelReason);
        var body = JsonSerializer.Serialize(request, ReturnRefundJson.TikTokCancelOrderRequest);
        return sender.SendAsync(Post(shop, "/return_refund/202309/cancellations", body), ReturnRefundJson.TikTokCancelOrderResult, cancellationToken);
    }

    public async Task<IReadOnlyList<TikTokReason>> GetRejectReasonsAsync(TikTokShopRef shop, string returnOrCancelId, string? locale, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(returnOrCancelId);
        var call = Get(shop, "/return_refund/202309/reject_reasons").With("return_or_cancel_id", returnOrCancelId).With("locale", locale);
        return (await sender.SendAsync(call, ReturnRefundJson.TikTokReasonsData, cancellationToken)).Reasons;
    }

    public async Task<IReadOnlyList<TikTokReturnRecord>> GetReturnRecordsAsync(TikTokShopRef shop, string returnId, string? locale, CancellationToken cancellationToken)
    {
        var call = Get(shop, $"/return_refund/202309/returns/{Segment(returnId)}/records").With("locale", locale);
        return (await sender.SendAsync(call, ReturnRefundJson.TikTokReturnRecordsData, cancellationToken)).Records;
    }

    private Task SendKeyedAsync(TikTokCall call, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ArgumentException($"An idempotency key has at most {MaxIdempotencyKeyLength} characters.", nameof(idempotencyKey));
        }

        return sender.SendAsync(call.With("idempotency_key", idempotencyKey), ReturnRefundJson.TikTokEmptyData, cancellationToken);
    }

    /// <summary>The search's page query; the size is clamped into TikTok's documented range (default: the largest).</summary>
    private static TikTokCall ReturnRefundPaged(TikTokCall call, TikTokPageRequest page, int minimum) => call
        .With("page_size", Math.Clamp(page.PageSize ?? ReturnRefundMaxPageSize, minimum, ReturnRefundMaxPageSize).ToString(CultureInfo.InvariantCulture))
        .With("page_token", string.IsNullOrEmpty(page.PageToken) ? null : page.PageToken)
        .With("sort_field", page.SortField switch
        {
            TikTokSortField.CreateTime => "create_time",
            TikTokSortField.UpdateTime => "update_time",
            _ => null,
        })
        .With("sort_order", page.SortOrder switch
        {
            TikTokSortOrder.Ascending => "ASC",
            TikTokSortOrder.Descending => "DESC",
            _ => null,
        });
}
