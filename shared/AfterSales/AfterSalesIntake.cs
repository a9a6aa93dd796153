using Connector.Shops;
using Connector.TikTok.Api;

namespace Connector.AfterSales;

/// <summary>
/// Where TikTok's after-sales news comes in (webhooks 11 and 12, the after-sales pull): store and apply it
/// (<see cref="AfterSalesSync"/>), then let the shop's auto-approval answer a buyer's cancellation when it may.
/// </summary>
public sealed class AfterSalesIntake(AfterSalesSync sync, AfterSalesActions actions)
{
    public async Task<AfterSalesRequest?> CancellationAsync(ShopRecord shop, string cancelId, string source, CancellationToken cancellationToken) =>
        await sync.RefreshCancellationAsync(shop, cancelId, source, cancellationToken) is { } request
            ? await actions.AutoApproveIfAllowedAsync(shop, request, cancellationToken)
            : null;

    public async Task<AfterSalesRequest> CancellationAsync(ShopRecord shop, TikTokCancellation cancellation, string source, CancellationToken cancellationToken) =>
        await actions.AutoApproveIfAllowedAsync(shop, await sync.ApplyAsync(shop, cancellation, source, cancellationToken), cancellationToken);

    public Task<AfterSalesRequest?> ReturnAsync(ShopRecord shop, string returnId, string source, CancellationToken cancellationToken) =>
        sync.RefreshReturnAsync(shop, returnId, source, cancellationToken);

    public Task<AfterSalesRequest> ReturnAsync(ShopRecord shop, TikTokReturn tiktokReturn, string source, CancellationToken cancellationToken) =>
        sync.ApplyAsync(shop, tiktokReturn, source, cancellationToken);
}
