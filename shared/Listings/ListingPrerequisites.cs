using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.Listings;

/// <summary>
/// TikTok's listing prerequisites of a shop (GET /product/202312/prerequisites: warehouses, return warehouse, delivery
/// option, shipping template, tax, bank account, contact info, ...): checked on activation, every night and when the
/// last check is older than a day; kept in table <c>Listings</c> and shown in the admin shop detail. While a blocking
/// item fails, listing waits.
/// </summary>
public sealed partial class ListingPrerequisites(ITikTokListingClient tiktok, ListingStore store, TimeProvider time, ILogger<ListingPrerequisites> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    /// <summary>Checks with TikTok now and stores the result (TikTok's refusal is stored too, as the check's error).</summary>
    public async Task<ShopPrerequisites> RefreshAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        ShopPrerequisites result;
        try
        {
            var answer = await tiktok.CheckPrerequisitesAsync(TikTokCatalog.Ref(shop), cancellationToken);
            result = new ShopPrerequisites(time.GetUtcNow(), answer.CheckResults.Select(c => new PrerequisiteItem(c.CheckItem, c.IsFailed, c.FailReasons)).ToArray());
        }
        catch (TikTokException e) when (e.Kind is not (TikTokErrorKind.Transient or TikTokErrorKind.RateLimited))
        {
            var previous = await store.PrerequisitesAsync(shop.ShopId, cancellationToken);
            result = new ShopPrerequisites(time.GetUtcNow(), previous?.Items ?? [], $"TikTok refused the check: {e.Message}");
        }

        await store.SavePrerequisitesAsync(shop.ShopId, result, cancellationToken);
        LogChecked(shop.ShopId, result.Ready, string.Join(", ", result.Blocking.Select(b => b.CheckItem)));
        return result;
    }

    /// <summary>The stored check, refreshed first when there is none or it is older than <see cref="MaxAge"/>.</summary>
    public async Task<ShopPrerequisites> CurrentAsync(ShopRecord shop, CancellationToken cancellationToken) =>
        await store.PrerequisitesAsync(shop.ShopId, cancellationToken) is { } stored && stored.CheckedAt > time.GetUtcNow() - MaxAge && stored.Error is null
            ? stored
            : await RefreshAsync(shop, cancellationToken);

    /// <summary>One sentence for the listings that wait: which items fail and TikTok's reasons.</summary>
    public static string Describe(ShopPrerequisites prerequisites) => prerequisites.Error is { } error
        ? $"the shop's listing prerequisites could not be checked ({error})"
        : "the shop does not meet TikTok's listing requirements: "
            + string.Join("; ", prerequisites.Blocking.Select(b => b.CheckItem + (b.FailReasons.Count > 0 ? " (" + string.Join(" ", b.FailReasons) + ")" : "")));

    [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Listing prerequisites of shop {ShopId} checked: ready {Ready}; failing {Failing}")]
    private partial void LogChecked(string shopId, bool ready, string failing);
}
