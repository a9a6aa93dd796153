using Connector.Http;
using Connector.Listings;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;
using Microsoft.AspNetCore.Mvc;

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
    public async Task<IActionResult> GetAsync(string shopId, CancellationToken cancellationToken)
    {
        if (await records.FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        return Problems.Json(await DetailAsync(shop, cancellationToken));
    }

    private async Task<object> DetailAsync(ShopRecord shop, CancellationToken cancellationToken)
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
        return new
        {
            shop.ShopId,
            shop.MerchantId,
            shop.Name,
            shop.TikTokName,
            shop.RenamedBySupport,
            shop.Region,
            Status = shop.Status.ToString(),
            StatusBeforeReauthorization = shop.StatusBeforeReauthorization?.ToString(),
            shop.SellerType,
            shop.AppKey,
            shop.AuthorizationId,
            Tokens = new { shop.AccessTokenExpiresAt, shop.RefreshTokenExpiresAt },
            shop.CreatedAt,
            shop.UpdatedAt,
            Settings = ShopSettingsView.Of(shop.Settings),
            OrderPull = new
            {
                Watermark = checkpoint.Watermark is { } w ? DateTimeOffset.FromUnixTimeSeconds(w) : (DateTimeOffset?)null,
                Running = checkpoint.LeaseUntil > time.GetUtcNow(),
                NextScheduledAt = schedules.NextOrderPull(time.GetUtcNow()),
            },
            LastRuns = lastRuns,
            Counts = new { Orders = ordersByState, OrdersTotal = ordersByState.Values.Sum(), OpenCases = openCases.Count, MoreOpenCases = moreCases is not null },
            OpenCases = openCases,
            Listings = await listingAdmin.ShopDetailAsync(shop, cancellationToken),
        };
    }
}
