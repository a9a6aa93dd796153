using Connector.Shops;
using Connector.Storage;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.Listings;

/// <summary>What applying a TikTok status to a listing did.</summary>
public enum StatusApplied
{
    Updated,
    Unchanged,

    /// <summary>What is stored is newer (update_time) than what arrived.</summary>
    Stale,

    /// <summary>No listing of the connector has this TikTok product (made in Seller Center, or by another tool).</summary>
    NotOurs,
}

/// <summary>
/// Brings a listing in line with TikTok's product status and audit (from the product webhooks and the nightly read):
/// Live, Pending, Rejected with TikTok's reasons, Deactivated, PlatformDeactivated, Frozen, Draft, Deleted. The newest
/// update_time wins, so an older notification never moves a listing back. Rejections open nothing: they show in the
/// listings list (status Rejected) with the reasons.
/// </summary>
public sealed partial class ListingStatusUpdater(ListingStore store, ITikTokListingClient tiktok, TimeProvider time, ILogger<ListingStatusUpdater> logger)
{
    /// <summary>Reads the product from TikTok and applies it.</summary>
    public async Task<(StatusApplied Applied, ListingRecord? Listing)> RefreshAsync(ShopRecord shop, string tiktokProductId, long? notifiedUpdateTime, string source,
        CancellationToken cancellationToken)
    {
        var productId = await store.ProductIdForAsync(shop.ShopId, tiktokProductId, cancellationToken);
        if (productId is null)
        {
            return (StatusApplied.NotOurs, null);
        }

        var (stored, _) = await store.GetAsync(shop.ShopId, productId, cancellationToken);
        if (stored is not null && notifiedUpdateTime is { } notified && stored.TikTokUpdateTime > notified)
        {
            return (StatusApplied.Stale, stored);
        }

        var product = await tiktok.GetListedProductAsync(TikTokCatalog.Ref(shop), tiktokProductId, cancellationToken);
        return await ApplyAsync(shop, productId, product, source, cancellationToken);
    }

    /// <summary>Applies TikTok's product to the listing of <paramref name="productId"/>.</summary>
    public async Task<(StatusApplied Applied, ListingRecord? Listing)> ApplyAsync(ShopRecord shop, string productId, TikTokListedProduct product, string source,
        CancellationToken cancellationToken)
    {
        return await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var (record, etag) = await store.GetAsync(shop.ShopId, productId, cancellationToken);
            if (record is null || record.TikTokProductId != product.Id)
            {
                return (StatusApplied.NotOurs, record);
            }

            if (product.UpdateTime != 0 && product.UpdateTime < record.TikTokUpdateTime)
            {
                return (StatusApplied.Stale, record);
            }

            var status = product.Status?.ToUpperInvariant() ?? record.TikTokStatus;
            var failures = status == "FAILED" || product.Audit?.Status == "FAILED" ? product.AuditFailedReasons : [];
            var updated = record with
            {
                TikTokStatus = status,
                AuditStatus = product.Audit?.Status ?? record.AuditStatus,
                AuditFailures = failures,
                TikTokUpdateTime = Math.Max(record.TikTokUpdateTime, product.UpdateTime),
                Status = ListingRecord.FromTikTok(status),
                Reason = Reason(status, failures, record),
            };
            if (updated.TikTokStatus == record.TikTokStatus && updated.AuditStatus == record.AuditStatus && updated.AuditFailures.SequenceEqual(record.AuditFailures)
                && updated.Status == record.Status)
            {
                return (StatusApplied.Unchanged, record);
            }

            // A conflict (the push wrote meanwhile) reads again and applies on top.
            updated = updated.With(time.GetUtcNow(), $"TikTok status {record.TikTokStatus ?? "none"} -> {status} ({source})");
            await store.SaveAsync(updated, etag, cancellationToken);
            LogStatus(shop.ShopId, productId, product.Id, status ?? "", source);
            return (StatusApplied.Updated, (ListingRecord?)updated);
        });
    }

    private static string? Reason(string? status, IReadOnlyList<TikTokAuditFailure> failures, ListingRecord record) => status switch
    {
        "FAILED" => "TikTok's review failed: " + (failures.Count == 0
            ? "TikTok gave no reason"
            : string.Join("; ", failures.Select(f => (f.Position is { Length: > 0 } p ? p + ": " : "") + string.Join(" ", f.Reasons)
                + (f.Suggestions.Count > 0 ? " (" + string.Join(" ", f.Suggestions) + ")" : "")))),
        "FREEZE" => "TikTok froze the product for a policy breach; the seller can appeal in Seller Center",
        "PLATFORM_DEACTIVATED" => "TikTok took the product off sale; edit it and it is reviewed again",
        "DELETED" => "the product was deleted on TikTok",
        "PENDING" => "TikTok is reviewing the product",
        "ACTIVATE" or "SELLER_DEACTIVATED" or "DRAFT" => record.LastError is { } e && record.Reason?.StartsWith("TikTok refused", StringComparison.Ordinal) == true ? record.Reason : null,
        _ => record.Reason,
    };

    [LoggerMessage(EventId = 9401, Level = LogLevel.Information, Message = "Listing {ProductId} of shop {ShopId} (TikTok product {TikTokProductId}) is now {Status} ({Source})")]
    private partial void LogStatus(string shopId, string productId, string tiktokProductId, string status, string source);
}
