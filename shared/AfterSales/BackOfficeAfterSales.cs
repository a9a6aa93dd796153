using Connector.Http;

namespace Connector.AfterSales;

/// <summary>
/// The back office's after-sales endpoints (function key):
/// <c>GET /api/merchants/{merchantId}/after-sales</c> (by state, kind, shop, order and deadline; soonest deadline first; paged),
/// <c>GET .../after-sales/{requestId}</c>, <c>POST .../after-sales/{requestId}/approve|reject|receive</c>,
/// <c>GET .../after-sales/{requestId}/reject-reasons</c> (TikTok's, read from TikTok),
/// <c>POST /api/merchants/{merchantId}/orders/{orderId}/cancel</c> and <c>GET .../orders/{orderId}/cancel-reasons</c>.
/// Input is bound and checked by the request records (<see cref="ListAfterSales"/>, ...); <see cref="AfterSalesActions"/> does the work.
/// </summary>
public sealed class BackOfficeAfterSales(AfterSalesStore store, AfterSalesActions actions, Shops.ShopRepository shops)
{
    /// <summary>GET /api/merchants/{merchantId}/after-sales.</summary>
    public async Task<Outcome<AfterSalesPage>> ListAsync(ListAfterSales request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await shops.ListByMerchantAsync(request.MerchantId, cancellationToken)).Count == 0)
        {
            return Refusal.NotFound($"Merchant {request.MerchantId} has no shops.");
        }

        var found = await store.QueryAsync(request.MerchantId, new AfterSalesQuery(request.States, request.Kind, request.ShopId, request.OrderId, request.DeadlineBefore),
            cancellationToken);
        var sorted = found.Select(r => (Key: AfterSalesCursor.SortKey(r), Request: r)).Where(x => request.After is null || string.CompareOrdinal(x.Key, request.After) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal).ToArray();
        var page = sorted.Take(request.PageSize).ToArray();
        var next = sorted.Length > request.PageSize ? AfterSalesCursor.Encode(page[^1].Key) : null;
        return new AfterSalesPage(page.Select(x => AfterSalesRequestView.Of(x.Request)).ToList(), next);
    }

    /// <summary>GET /api/merchants/{merchantId}/after-sales/{requestId}.</summary>
    public async Task<Outcome<AfterSalesRequestView>> GetAsync(GetAfterSales request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await store.FindAsync(request.MerchantId, request.RequestId, cancellationToken) is { } found
            ? AfterSalesRequestView.Of(found.Request)
            : Refusal.NotFound($"Merchant {request.MerchantId} has no after-sales request {request.RequestId}.");
    }

    /// <summary>POST /api/merchants/{merchantId}/after-sales/{requestId}/{action}: approve, reject (with TikTok's reason) or receive.</summary>
    public async Task<Outcome<AfterSalesActionAnswer>> ActAsync(DecideAfterSales request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Action is not { } action)
        {
            return Refusal.NotFound($"Unknown after-sales action '{request.ActionText}': use approve, reject or receive.");
        }

        return await actions.DecideAsync(request.MerchantId, request.RequestId,
            new DecisionInput(action, request.Reason, request.Comment, request.BuyerKeepItem, request.IdempotencyKey), request.By, cancellationToken);
    }

    /// <summary>GET /api/merchants/{merchantId}/after-sales/{requestId}/reject-reasons?locale=.</summary>
    public Task<Outcome<RejectReasons>> RejectReasonsAsync(GetRejectReasons request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return actions.RejectReasonsAsync(request.MerchantId, request.RequestId, request.Locale, cancellationToken);
    }

    /// <summary>GET /api/merchants/{merchantId}/orders/{orderId}/cancel-reasons.</summary>
    public Task<Outcome<CancelReasons>> CancelReasonsAsync(GetCancelReasons request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return actions.CancelReasonsAsync(request.MerchantId, request.OrderId, cancellationToken);
    }

    /// <summary>POST /api/merchants/{merchantId}/orders/{orderId}/cancel.</summary>
    public Task<Outcome<AfterSalesActionAnswer>> CancelOrderAsync(CancelOrder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return actions.SellerCancelAsync(request.MerchantId, request.OrderId, new SellerCancelInput(request.Reason, request.Lines, request.ShopId, request.IdempotencyKey),
            request.By, cancellationToken);
    }
}
