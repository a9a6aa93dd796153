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
/// Stores a batch of TikTok orders (a search page or a webhook fetch) for one shop: reads the stored versions of the
/// batch's creation days (<see cref="OrderVersionDay"/>, one query) and, in full, only the orders TikTok changed since,
/// applies <see cref="OrderRules"/>, writes the changes and the version rows in one transaction with ETags and, on a
/// race with another writer, reads every order of the batch and applies again. Idempotent: the same batch twice changes
/// nothing the second time.
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

            // The stored versions of the batch's creation days (one query): an order the index does not list is new, one
            // it lists as new or newer than TikTok's is unchanged; only the others are read in full. A second attempt (a
            // race, or orders stored before the index existed) reads every order of the batch and repairs the index.
            var versions = await store.ReadVersionsAsync(shop.ShopId, latest.Select(o => OrderVersionDay.DayOf(o.CreateTime)), cancellationToken);
            var orderMissing = latest.ToDictionary(
                o => o.Id,
                o => OrderMapper.AggregateLines(o.LineItems).Select(l => l.Sku).Where(s => missing.Contains(s) || s == OrderMapper.UnknownSku).ToArray(),
                StringComparer.Ordinal);
            var toRead = attempt > 1
                ? latest
                : latest.Where(o => versions[OrderVersionDay.DayOf(o.CreateTime)] is var day
                    && (day.Entries.TryGetValue(o.Id, out var known) ? !OrderRules.IsUnchanged(known, o, orderMissing[o.Id].Length) : day.Full)).ToArray();
            var stored = await store.GetManyAsync(shop.ShopId, toRead.Select(o => o.Id), cancellationToken);
            var now = time.GetUtcNow();
            var writes = new List<VersionedOrder>();
            var cases = new List<StoredOrder>();
            int created = 0, updated = 0, unchanged = 0, skipped = 0;
            foreach (var order in latest)
            {
                var day = versions[OrderVersionDay.DayOf(order.CreateTime)];
                if (attempt == 1 && day.Entries.TryGetValue(order.Id, out var known) && OrderRules.IsUnchanged(known, order, orderMissing[order.Id].Length))
                {
                    unchanged++;
                    continue;
                }

                stored.TryGetValue(order.Id, out var previous);
                if (previous is not null)
                {
                    day.Set(previous.Order);
                }

                switch (OrderRules.Apply(order, previous?.Order, shop.ShopId, shop.MerchantId, orderMissing[order.Id], shop.Settings, source, now))
                {
                    case OrderDecision.Store store1:
                        writes.Add(new VersionedOrder(store1.Order, previous?.ETag));
                        day.Set(store1.Order);
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

            await store.SaveAsync(shop.ShopId, writes, versions.Values, cancellationToken);
            return new OrderImportResult(new OrderImportCounts(created, updated, unchanged, skipped), cases, writes.Select(w => w.Order).ToArray());
        });
    }
}
