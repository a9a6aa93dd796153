using Connector.Audit;
using Connector.Http;
using Connector.Shops;
using Connector.TikTok;

namespace Connector.Listings;

/// <summary>
/// Support's listing operations under <c>/api/admin/shops/{shopId}/listings</c>: the list (e.g. <c>?status=Rejected</c>),
/// push now (<c>?all=true</c> looks at every catalog product again), check the prerequisites now; and the listing part of
/// the shop detail (settings, TikTok's prerequisites, counts by status, today's creates against the daily limit).
/// </summary>
public sealed class ListingAdmin(ShopRepository shops, ListingStore listings, ListingScheduling scheduling, ListingPrerequisites prerequisites, ListingQueries queries,
    AuditLog audit, ListingClock clock)
{
    public const string PushAction = "shop.listings.push";
    public const string CheckPrerequisitesAction = "shop.listings.prerequisites";

    /// <summary>GET /api/admin/shops/{shopId}/listings: a <see cref="ListingPage"/>, or a CSV file with <c>format=csv</c>.</summary>
    public async Task<Outcome<object>> ListAsync(ListShopListings request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await shops.GetAsync(request.ShopId, cancellationToken) is { } shop
            ? await queries.ListForShopAsync(shop.ShopId, request.Filter, cancellationToken)
            : Outcome<object>.Refuse(NotFound(request.ShopId));
    }

    /// <summary>POST /api/admin/shops/{shopId}/listings/push[?all=true].</summary>
    public async Task<Outcome<ListingPushQueued>> PushAsync(PushListings request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await shops.GetAsync(request.ShopId, cancellationToken) is not { } shop)
        {
            return NotFound(request.ShopId);
        }

        if (!ListingScheduling.Lists(shop))
        {
            return Refusal.Conflict(shop.Status != ShopStatus.Active
                ? $"Shop {shop.ShopId} is {shop.Status}; only Active shops list."
                : $"Listing is off for shop {shop.ShopId}; switch it on first (PATCH settings listings.enabled).");
        }

        await scheduling.RequestPushAsync(shop.ShopId, request.All, cancellationToken);
        await audit.WriteAsync(request.Caller, PushAction, shop.ShopId, request.All ? "all" : "pending", new { all = request.All }, cancellationToken);
        return Outcome<ListingPushQueued>.Accepted(new ListingPushQueued(shop.ShopId, request.All ? "all" : "pending", true));
    }

    /// <summary>POST /api/admin/shops/{shopId}/listings/prerequisites: asks TikTok now and answers the result.</summary>
    public async Task<Outcome<PrerequisitesChecked>> CheckPrerequisitesAsync(CheckListingPrerequisites request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await shops.GetAsync(request.ShopId, cancellationToken) is not { } shop)
        {
            return NotFound(request.ShopId);
        }

        ShopPrerequisites result;
        try
        {
            result = await prerequisites.RefreshAsync(shop, cancellationToken);
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            return Refusal.Unavailable($"TikTok did not answer for now ({e.Kind}, request {e.RequestId}). Try again.");
        }

        await audit.WriteAsync(request.Caller, CheckPrerequisitesAction, shop.ShopId, null, new { result.Ready }, cancellationToken);
        return new PrerequisitesChecked(shop.ShopId, PrerequisitesView.Of(result));
    }

    /// <summary>The listing part of GET /api/admin/shops/{shopId}.</summary>
    public async Task<ShopListingDetail> ShopDetailAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var settings = shop.Settings.Listings;
        var checkedPrerequisites = await listings.PrerequisitesAsync(shop.ShopId, cancellationToken);
        return new ShopListingDetail(
            settings?.Enabled ?? false,
            checkedPrerequisites is null ? null : PrerequisitesView.Of(checkedPrerequisites),
            await listings.CreatedOnAsync(shop.ShopId, clock.Today, cancellationToken),
            settings?.DailyCreateLimit ?? ListingSettings.ProbationDailyLimit,
            await listings.CountsAsync(shop.ShopId, cancellationToken));
    }

    private static Refusal NotFound(string shopId) => Refusal.NotFound($"Shop {shopId} does not exist.");
}
