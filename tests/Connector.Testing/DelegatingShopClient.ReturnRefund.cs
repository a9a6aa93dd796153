using Connector.TikTok.Api;

namespace Connector.Testing;

/// <summary>The return_refund calls (shared/TikTok/Api/ReturnRefundClient.cs), passed on like the others.</summary>
public abstract partial class DelegatingShopClient
{
    public virtual Task<TikTokCancellationPage> SearchCancellationsAsync(TikTokShopRef shop, TikTokCancellationSearch filter, TikTokPageRequest page, CancellationToken cancellationToken) => Inner.SearchCancellationsAsync(shop, filter, page, cancellationToken);

    public virtual Task<TikTokReturnPage> SearchReturnsAsync(TikTokShopRef shop, TikTokReturnSearch filter, TikTokPageRequest page, CancellationToken cancellationToken) => Inner.SearchReturnsAsync(shop, filter, page, cancellationToken);

    public virtual Task ApproveCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, CancellationToken cancellationToken) => Inner.ApproveCancellationAsync(shop, cancelId, idempotencyKey, cancellationToken);

    public virtual Task RejectCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, TikTokCancellationRejection rejection, CancellationToken cancellationToken) => Inner.RejectCancellationAsync(shop, cancelId, idempotencyKey, rejection, cancellationToken);

    public virtual Task ApproveReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokReturnApproval approval, CancellationToken cancellationToken) => Inner.ApproveReturnAsync(shop, returnId, idempotencyKey, approval, cancellationToken);

    public virtual Task RejectReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokReturnRejection rejection, CancellationToken cancellationToken) => Inner.RejectReturnAsync(shop, returnId, idempotencyKey, rejection, cancellationToken);

    public virtual Task<TikTokCancelOrderResult> CancelOrderAsync(TikTokShopRef shop, TikTokCancelOrderRequest request, CancellationToken cancellationToken) => Inner.CancelOrderAsync(shop, request, cancellationToken);

    public virtual Task<IReadOnlyList<TikTokReason>> GetRejectReasonsAsync(TikTokShopRef shop, string returnOrCancelId, string? locale, CancellationToken cancellationToken) => Inner.GetRejectReasonsAsync(shop, returnOrCancelId, locale, cancellationToken);

    public virtual Task<IReadOnlyList<TikTokReturnRecord>> GetReturnRecordsAsync(TikTokShopRef shop, string returnId, string? locale, CancellationToken cancellationToken) => Inner.GetReturnRecordsAsync(shop, returnId, locale, cancellationToken);
}
