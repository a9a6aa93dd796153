using Connector.Messaging;
using Connector.Shops;
using Microsoft.Extensions.Logging;

namespace Connector.Listings;

/// <summary>What a listings message asks the worker to do.</summary>
public static class ListingWork
{
    /// <summary>Push what is pending (catalog, profile or settings changes; products waiting for the daily limit).</summary>
    public const string Push = "push";

    /// <summary>The nightly run: check the prerequisites, read every listed product's status from TikTok, then push.</summary>
    public const string Nightly = "nightly";

    /// <summary>The shop was activated: check the prerequisites, then push.</summary>
    public const string Activation = "activation";
}

/// <summary>The listings queue's message.</summary>
/// <param name="All">Look at every catalog product again, not only the changed ones.</param>
public sealed record ListingWorkMessage(string ShopId, string Trigger = "schedule", string Work = ListingWork.Push, bool All = false);

/// <summary>
/// Sends the listing work: after catalog and profile changes (one push per shop of the merchant, for the changed products
/// only), on activation, nightly (every Active shop) and on an admin's request.
/// </summary>
public sealed partial class ListingScheduling(ShopRepository shops, ListingStore listings, CatalogStore catalog, MessageQueue messages, QueueNames queues,
    ILogger<ListingScheduling> logger)
{
    /// <summary>Catalog products changed: each shop of the merchant looks at them; shops that list get a push now.</summary>
    public async Task<IReadOnlyList<string>> CatalogChangedAsync(string merchantId, IReadOnlyCollection<(string ProductId, long Sequence)> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return [];
        }

        var pushed = new List<string>();
        foreach (var shop in await shops.ListByMerchantAsync(merchantId, cancellationToken))
        {
            await listings.MarkPendingAsync(shop.ShopId, merchantId, changed, cancellationToken);
            if (Lists(shop))
            {
                await messages.SendAsync(queues.Listings, new ListingWorkMessage(shop.ShopId, "catalog"), cancellationToken);
                pushed.Add(shop.ShopId);
            }
        }

        return pushed;
    }

    /// <summary>A profile changed: every product of the merchant is looked at again (only real changes reach TikTok).</summary>
    public async Task<IReadOnlyList<string>> ProfilesChangedAsync(string merchantId, CancellationToken cancellationToken) =>
        await CatalogChangedAsync(merchantId, await catalog.ListIdsAsync(merchantId, cancellationToken), cancellationToken);

    /// <summary>A shop became Active: check its listing prerequisites, then push (when listing is on).</summary>
    public Task ShopActivatedAsync(string shopId, CancellationToken cancellationToken) =>
        messages.SendAsync(queues.Listings, new ListingWorkMessage(shopId, "activation", ListingWork.Activation), cancellationToken);

    /// <summary>Admin: push now; <paramref name="all"/> looks at every catalog product again.</summary>
    public Task RequestPushAsync(string shopId, bool all, CancellationToken cancellationToken) =>
        messages.SendAsync(queues.Listings, new ListingWorkMessage(shopId, "admin", ListingWork.Push, all), cancellationToken);

    /// <summary><c>%ListingsSchedule%</c>: one nightly message per Active shop.</summary>
    public async Task<int> FanOutNightlyAsync(CancellationToken cancellationToken)
    {
        var sent = await messages.FanOutAsync(queues.Listings, shops.AllByStatusAsync(ShopStatus.Active, cancellationToken), s => new ListingWorkMessage(s.ShopId, "schedule", ListingWork.Nightly),
            cancellationToken);
        LogFannedOut(sent);
        return sent;
    }

    public static bool Lists(ShopRecord shop) => shop.Status == ShopStatus.Active && shop.Settings.Listings is { Enabled: true };

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Listings nightly run: {Count} shops scheduled")]
    private partial void LogFannedOut(int count);
}
