using Connector.Audit;
using Connector.Http;
using Connector.Shops;
using Connector.TikTok;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

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

    public async Task<IActionResult> ListAsync(HttpRequest request, string shopId, CancellationToken cancellationToken) =>
        await FindAsync(shopId, cancellationToken) is { } shop ? await queries.ListForShopAsync(request, shop.ShopId, cancellationToken) : NotFound(shopId);

    /// <summary>POST /api/admin/shops/{shopId}/listings/push[?all=true].</summary>
    public async Task<IActionResult> PushAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (!ListingQueries.TryChoice(request, "all", ["true", "false"], out var allText, out var problem))
        {
            return problem!;
        }

        if (await FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return NotFound(shopId);
        }

        if (!ListingScheduling.Lists(shop))
        {
            return Problems.Conflict(shop.Status != ShopStatus.Active
                ? $"Shop {shopId} is {shop.Status}; only Active shops list."
                : $"Listing is off for shop {shopId}; switch it on first (PATCH settings listings.enabled).");
        }

        var all = allText == "true";
        await scheduling.RequestPushAsync(shop.ShopId, all, cancellationToken);
        await audit.WriteAsync(AdminCaller.KeyName(request), PushAction, shop.ShopId, all ? "all" : "pending", new { all }, cancellationToken);
        return Problems.Json(new { shopId, push = all ? "all" : "pending", queued = true }, StatusCodes.Status202Accepted);
    }

    /// <summary>POST /api/admin/shops/{shopId}/listings/prerequisites: asks TikTok now and answers the result.</summary>
    public async Task<IActionResult> CheckPrerequisitesAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (await FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return NotFound(shopId);
        }

        ShopPrerequisites result;
        try
        {
            result = await prerequisites.RefreshAsync(shop, cancellationToken);
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            return Problems.Unavailable($"TikTok did not answer for now ({e.Kind}, request {e.RequestId}). Try again.");
        }

        await audit.WriteAsync(AdminCaller.KeyName(request), CheckPrerequisitesAction, shop.ShopId, null, new { result.Ready }, cancellationToken);
        return Problems.Json(new { shopId, prerequisites = View(result) });
    }

    /// <summary>The listing part of GET /api/admin/shops/{shopId}.</summary>
    public async Task<object> ShopDetailAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        var settings = shop.Settings.Listings;
        var checkedPrerequisites = await listings.PrerequisitesAsync(shop.ShopId, cancellationToken);
        return new
        {
            Enabled = settings?.Enabled ?? false,
            Prerequisites = checkedPrerequisites is null ? null : View(checkedPrerequisites),
            CreatedToday = await listings.CreatedOnAsync(shop.ShopId, clock.Today, cancellationToken),
            DailyCreateLimit = settings?.DailyCreateLimit ?? ListingSettings.ProbationDailyLimit,
            Counts = await listings.CountsAsync(shop.ShopId, cancellationToken),
        };
    }

    public static object View(ShopPrerequisites p) => new
    {
        p.CheckedAt,
        p.Ready,
        p.Error,
        Blocking = p.Blocking.Select(b => b.CheckItem),
        Items = p.Items.Select(i => new { i.CheckItem, i.Failed, i.FailReasons, i.Blocks }),
    };

    private async Task<ShopRecord?> FindAsync(string shopId, CancellationToken cancellationToken) =>
        AdminRequest.IsId(shopId) ? await shops.GetAsync(shopId, cancellationToken) : null;

    private static IActionResult NotFound(string shopId) => Problems.NotFound($"Shop {shopId} does not exist.");
}
