using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.TikTok;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>TikTok's product webhook types (webhooks/product in TikTok's reference) and what handling them led to.</summary>
public static class ProductWebhookTypes
{
    public const int ProductStatusChange = 5;
    public const int ProductInformationChange = 15;
    public const int ProductCreation = 16;
    public const int ProductCategoryChange = 18;
    public const int OpportunityMatchingStatusChange = 25;
    public const int InventoryStatusChange = 27;
    public const int ProductAuditStatusChange = 37;
    public const int StrikethroughPriceExpired = 38;
    public const int CombinedListingChange = 42;
    public const int ImageTranslationCompleted = 46;
    public const int GlobalReplicationStatusChange = 51;

    public const string StatusUpdated = "ListingStatusUpdated";
    public const string Unchanged = "Unchanged";
    public const string AlreadyCurrent = "AlreadyCurrent";
    public const string NotOurs = "NotOurs";
    public const string Recorded = "Recorded";
    public const string NotUsed = "NotUsed";
    public const string MissingProductId = "MissingProductId";
    public const string TikTokRefused = "TikTokRefused";
}

/// <summary>What the product webhook handlers share: reading a product's status from TikTok into its listing, and notes on a listing.</summary>
public sealed class ProductWebhookSupport(ListingStatusUpdater updater, ListingStore listings, TimeProvider time)
{
    /// <summary>Reads the product from TikTok and applies its status to the listing (the newest update_time wins).</summary>
    public async Task<WebhookOutcome> RefreshAsync(ShopRecord shop, WebhookNotification notification, string source, CancellationToken cancellationToken)
    {
        if (notification.DataText("product_id") is not { Length: > 0 } productId)
        {
            return WebhookOutcome.Handled(ProductWebhookTypes.MissingProductId, RunOutcome.Skipped, "data.product_id is missing");
        }

        try
        {
            var (applied, listing) = await updater.RefreshAsync(shop, productId, notification.DataLong("update_time"), source, cancellationToken);
            return applied switch
            {
                StatusApplied.Updated => WebhookOutcome.Handled(ProductWebhookTypes.StatusUpdated, RunOutcome.Succeeded,
                    $"product {productId} ({listing!.ProductId}) is {listing.Status} (TikTok {listing.TikTokStatus}){(listing.Reason is { } r ? ": " + r : "")}"),
                StatusApplied.Unchanged => WebhookOutcome.Handled(ProductWebhookTypes.Unchanged, RunOutcome.Skipped, $"product {productId} is {listing?.TikTokStatus} already"),
                StatusApplied.Stale => WebhookOutcome.Handled(ProductWebhookTypes.AlreadyCurrent, RunOutcome.Skipped, $"the stored status of product {productId} is newer"),
                _ => WebhookOutcome.Handled(ProductWebhookTypes.NotOurs, RunOutcome.Skipped, $"product {productId} was not listed by the connector"),
            };
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.InvalidRequest or TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.Unknown)
        {
            // Retrying cannot help; the nightly read is the safety net.
            return WebhookOutcome.Handled(ProductWebhookTypes.TikTokRefused, RunOutcome.Failed, $"{e.Kind} (code {e.Code}, request {e.RequestId})");
        }
    }

    /// <summary>Adds a line to the history of the listing of a TikTok product (and lets <paramref name="change"/> adjust it).</summary>
    public async Task<WebhookOutcome> NoteAsync(ShopRecord shop, string? tiktokProductId, string note, CancellationToken cancellationToken,
        Func<ListingRecord, ListingRecord>? change = null)
    {
        if (string.IsNullOrEmpty(tiktokProductId))
        {
            return WebhookOutcome.Handled(ProductWebhookTypes.MissingProductId, RunOutcome.Skipped, "data.product_id is missing");
        }

        var productId = await listings.ProductIdForAsync(shop.ShopId, tiktokProductId, cancellationToken);
        if (productId is null)
        {
            return WebhookOutcome.Handled(ProductWebhookTypes.NotOurs, RunOutcome.Skipped, $"product {tiktokProductId} was not listed by the connector");
        }

        return await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var (record, etag) = await listings.GetAsync(shop.ShopId, productId, cancellationToken);
            if (record is null)
            {
                return WebhookOutcome.Handled(ProductWebhookTypes.NotOurs, RunOutcome.Skipped, $"product {tiktokProductId} has no listing");
            }

            await listings.SaveAsync((change?.Invoke(record) ?? record).With(time.GetUtcNow(), note), etag, cancellationToken);
            return WebhookOutcome.Handled(ProductWebhookTypes.Recorded, RunOutcome.Succeeded, $"listing {productId}: {note}");
        });
    }
}
