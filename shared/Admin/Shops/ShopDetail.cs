using Connector.Http;
using Connector.Listings;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;

namespace Connector.Admin.Shops;

/// <summary>GET /api/admin/shops/{shopId}: a shop with its settings, order pull, last runs, counts and open cases.</summary>
public sealed class ShopDetail(
    AdminShopRecords records,
    OrderStore orders,
    OrderPullCheckpointStore checkpoints,
    RunStore runs,
    SupportCaseStore cases,
    ListingAdmin listingAdmin,
    Schedules schedules,
    TimeProvider time)
{
    /// <summary>GET /api/admin/shops/{shopId}: settings, status, token expiry dates, last runs and counts.</summary>
    public async Task<Outcome<ShopDetailView>> GetAsync(ShopOperation request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await records.FindAsync(request.ShopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(request.ShopId);
        }

        return await DetailAsync(shop, cancellationToken);
    }

    private async Task<ShopDetailView> DetailAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        // From the shop's version rows (one small column per creation day), not from its orders.
        var ordersByState = (await orders.CountByStateAsync(shop.ShopId, cancellationToken)).ToDictionary(p => p.Key.ToString(), p => p.Value);

        var lastRuns = new Dictionary<string, RunRecord>();
        foreach (var kind in new[] { RunKinds.OrderPull, RunKinds.InventoryPush, RunKinds.ProductSync, RunKinds.TokenRefresh, RunKinds.Webhook, RunKinds.ListingPush })
        {
            if (await runs.LatestAsync(shop.ShopId, kind, cancellationToken) is { } run)
            {
                lastRuns[kind] = run;
            }
        }

        // The newest open cases of the shop (one page); the count is the page's unless there are more.
        var (openCases, moreCases) = await cases.ListAsync(SupportCaseStatus.Open, null, shop.ShopId, null, AdminRequest.MaxPageSize, cancellationToken);
        var checkpoint = await checkpoints.GetAsync(shop.ShopId, cancellationToken);
        return new ShopDetailView(
            shop.ShopId, shop.MerchantId, shop.Name, shop.TikTokName, shop.RenamedBySupport, shop.Region, shop.Status.ToString(), shop.StatusBeforeReauthorization?.ToString(),
            shop.SellerType, shop.AppKey, shop.AuthorizationId, ShopTokens.Of(shop), shop.CreatedAt, shop.UpdatedAt, ShopSettingsView.Of(shop.Settings),
            new ShopOrderPullView(
                checkpoint.Watermark is { } w ? DateTimeOffset.FromUnixTimeSeconds(w) : null, checkpoint.LeaseUntil > time.GetUtcNow(), schedules.NextOrderPull(time.GetUtcNow())),
            lastRuns, new ShopCounts(ordersByState, ordersByState.Values.Sum(), openCases.Count, moreCases is not null), openCases,
            await listingAdmin.ShopDetailAsync(shop, cancellationToken));
    }
}
