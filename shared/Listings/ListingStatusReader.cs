using Connector.Shops;
using Connector.TikTok.Api;

namespace Connector.Listings;

public sealed record StatusReadResult(int Read, int Changed);

/// <summary>
/// The nightly read, the safety net of the product webhooks: pages through the shop's TikTok products (product search)
/// and brings each listing's status in line; for a product TikTok rejected, deactivated or froze, it reads the product to
/// get TikTok's reasons.
/// </summary>
public sealed class ListingStatusReader(ListingStore store, ITikTokShopClient shopClient, ListingStatusUpdater updater)
{
    private static readonly HashSet<string> WithReasons = new(StringComparer.OrdinalIgnoreCase) { "FAILED", "PLATFORM_DEACTIVATED", "FREEZE" };

    public async Task<StatusReadResult> ReadAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, ListingRecord>(StringComparer.Ordinal);
        await foreach (var record in store.ListedAsync(shop.ShopId, cancellationToken))
        {
            listed[record.TikTokProductId!] = record;
        }

        if (listed.Count == 0)
        {
            return new StatusReadResult(0, 0);
        }

        var read = 0;
        var changed = 0;
        string? token = null;
        do
        {
            var page = await shopClient.SearchProductsAsync(TikTokCatalog.Ref(shop), new TikTokProductSearch(), new TikTokPageRequest(token), cancellationToken);
            foreach (var product in page.Products)
            {
                if (!listed.TryGetValue(product.Id, out var record))
                {
                    continue;
                }

                read++;
                var status = product.Status?.ToUpperInvariant();
                if (status == record.TikTokStatus && !(WithReasons.Contains(status ?? "") && product.UpdateTime > record.TikTokUpdateTime))
                {
                    continue;
                }

                var (applied, _) = WithReasons.Contains(status ?? "")
                    ? await updater.RefreshAsync(shop, product.Id, null, "nightly read", cancellationToken)
                    : await updater.ApplyAsync(shop, record.ProductId, new TikTokListedProduct { Id = product.Id, Status = status, UpdateTime = product.UpdateTime },
                        "nightly read", cancellationToken);
                if (applied == StatusApplied.Updated)
                {
                    changed++;
                }
            }

            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        return new StatusReadResult(read, changed);
    }
}
