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
    private static TikTokReturnRefundJsonContext ReturnRefundJson => TikTokReturnRefundJsonContext.Default;

    public Task<TikTokCancellationPage> SearchCancellationsAsync(TikTokShopRef shop, TikTokCancellationSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(filter, ReturnRefundJson.TikTokCancellationSearch);
        return sender.SendAsync(Paged(Post(shop, "/return_refund/202309/cancellations/search", body), page, 1, MaxReversePageSize), ReturnRefundJson.TikTokCancellationPage, cancellationToken);
    }

    public Task<TikTokReturnPage> SearchReturnsAsync(TikTokShopRef shop, TikTokReturnSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(filter, ReturnRefundJson.TikTokReturnSearch);
        return sender.SendAsync(Paged(Post(shop, "/return_refund/202309/returns/search", body), page, MinReturnPageSize, MaxReversePageSize), ReturnRefundJson.TikTokReturnPage, cancellationToken);
    }

    public Task ApproveCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, CancellationToken cancellationToken) =>
        SendKeyedAsync(Post(shop, "/return_refund/202309/cancellations/{cancel_id}/approve", "{}", cancelId), idempotencyKey, cancellationToken);

    public Task RejectCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, TikTokCancellationRejection rejection, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rejection.RejectReason);
        var body = JsonSerializer.Serialize(rejection, ReturnRefundJson.TikTokCancellationRejection);
        return SendKeyedAsync(Post(shop, "/return_refund/202309/cancellations/{cancel_id}/reject", body, cancelId), idempotencyKey, cancellationToken);
    }

    public Task ApproveReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokReturnApproval approval, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approval.Decision);
        var body = JsonSerializer.Serialize(approval, ReturnRefundJson.TikTokReturnApproval);
        return SendKeyedAsync(Post(shop, "/return_refund/202309/returns/{return_id}/approve", body, returnId), idempotencyKey, cancellationToken);
    }

    public Task RejectReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokReturnRejection rejection, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rejection.Decision);
        ArgumentException.ThrowIfNullOrWhiteSpace(rejection.RejectReason);
        var body = JsonSerializer.Serialize(rejection, ReturnRefundJson.TikTokReturnRejection);
        return SendKeyedAsync(Post(shop, "/return_refund/202309/returns/{return_id}/reject", body, returnId), idempotencyKey, cancellationToken);
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
        var call = Get(shop, "/return_refund/202309/returns/{return_id}/records", returnId).With("locale", locale);
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
}
