using Connector.Storage;
using Connector.Catalog;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.Orders;

/// <summary>Who the orders belong to and how the shop wants them imported.</summary>
public sealed record OrderShopContext(string ShopId, string MerchantId, OrderImportSettings Settings);

public sealed record OrderImportCounts(int New, int Updated, int Unchanged, int Skipped)
{
    public static readonly OrderImportCounts Zero = new(0, 0, 0, 0);

    public int Total => New + Updated + Unchanged + Skipped;

    public OrderImportCounts Add(OrderImportCounts other) =>
        new(New + other.New, Updated + other.Updated, Unchanged + other.Unchanged, Skipped + other.Skipped);
}

public sealed record OrderImportResult(OrderImportCounts Counts, IReadOnlyList<StoredOrder> CancelledAfterRelease, IReadOnlyList<StoredOrder> Stored);

/// <summary>
/// Stores a batch of TikTok orders (a search page or a webhook fetch) for one shop: reads what is stored, applies
/// <see cref="OrderRules"/>, writes the changes in transactions with ETags and, on a race with another writer,
/// reads and applies again. Idempotent: the same batch twice changes nothing the second time.
/// </summary>
public sealed class OrderImporter(OrderStore store, SkuCatalog catalog, TimeProvider time, ILogger<OrderImporter> logger)
{

    public async Task<OrderImportResult> ImportAsync(OrderShopContext shop, IReadOnlyList<TikTokOrder> orders, string source, CancellationToken cancellationToken)
    {
        // One version per order: the newest, should TikTok list an order twice.
        var latest = orders.GroupBy(o => o.Id, StringComparer.Ordinal).Select(g => g.MaxBy(o => o.UpdateTime)!).ToArray();
        if (latest.Length == 0)
        {
            return new OrderImportResult(OrderImportCounts.Zero, [], []);
        }

        var skus = latest.SelectMany(o => o.LineItems).Select(l => l.SellerSku).OfType<string>().Select(s => s.Trim()).Where(s => s.Length > 0);
        var missing = await catalog.MissingAsync(shop.MerchantId, skus, cancellationToken);
        return await OptimisticConcurrency.RetryAsync(async attempt =>
        {
            if (attempt > 1)
            {
                logger.LogInformation("Orders of shop {ShopId} changed meanwhile; applying again (attempt {Attempt})", shop.ShopId, attempt);
            }

            var stored = await store.GetManyAsync(shop.ShopId, latest.Select(o => o.Id), cancellationToken);
            var now = time.GetUtcNow();
            var writes = new List<VersionedOrder>();
            var cases = new List<StoredOrder>();
            int created = 0, updated = 0, unchanged = 0, skipped = 0;
            foreach (var order in latest)
            {
                stored.TryGetValue(order.Id, out var previous);
                var orderMissing = OrderMapper.AggregateLines(order.LineItems).Select(l => l.Sku).Where(s => missing.Contains(s) || s == OrderMapper.UnknownSku).ToArray();
                switch (OrderRules.Apply(order, previous?.Order, shop.ShopId, shop.MerchantId, orderMissing, shop.Settings, source, now))
                {
                    case OrderDecision.Store store1:
                        writes.Add(new VersionedOrder(store1.Order, previous?.ETag));
                        if (store1.NeedsSupportCase)
                        {
                            cases.Add(store1.Order);
                        }

                        if (store1.IsNew)
                        {
                            created++;
                        }
                        else
                        {
                            updated++;
                        }

                        break;
                    case OrderDecision.Skip skip:
                        skipped++;
                        logger.LogInformation("Order {OrderId} of shop {ShopId} not imported: {Reason}", order.Id, shop.ShopId, skip.Reason);
                        break;
                    default:
                        unchanged++;
                        break;
                }
            }

            await store.SaveAsync(shop.ShopId, writes, cancellationToken);
            return new OrderImportResult(new OrderImportCounts(created, updated, unchanged, skipped), cases, writes.Select(w => w.Order).ToArray());
        });
    }
}
