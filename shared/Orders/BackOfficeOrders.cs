using Connector.Storage;
using Connector.Http;
using Connector.Shops;
using Microsoft.Extensions.Logging;

namespace Connector.Orders;

/// <summary>
/// A page of a merchant's orders for the back office. <paramref name="AsOf"/> is when the listing began: a warehouse that
/// polls passes it as the next <c>changedSince</c> (orders changed while it paged may come again; taking them twice is harmless).
/// </summary>
public sealed record OrderPage(IReadOnlyList<StoredOrder> Orders, string? ContinuationToken, DateTime? AsOf = null);

/// <summary>
/// The back office's order endpoints: <c>GET /api/merchants/{merchantId}/orders?state=&amp;shopId=&amp;changedSince=&amp;continuationToken=&amp;pageSize=</c>
/// (paged over the merchant's shops; <c>changedSince</c> = orders the connector changed since then, for a warehouse that polls) and <c>POST /api/merchants/{merchantId}/orders/{orderId}/release</c> (idempotent).
/// </summary>
public sealed partial class BackOfficeOrders(ShopRepository shops, OrderStore orders, TimeProvider time, ILogger<BackOfficeOrders> logger)
{
    /// <summary>A sorted listing reads the deadlines of every matching order first; above this many it asks for a narrower filter.</summary>
    public const int MaxSortedOrders = 20_000;

    /// <summary>GET /api/merchants/{merchantId}/orders (bound and checked by <see cref="ListOrders.Bind"/>).</summary>
    public async Task<Outcome<OrderPage>> ListAsync(ListOrders request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, state, pageSize, deadlines, shopId, changedSince) =
            (request.MerchantId, request.State, request.PageSize, request.Deadlines, request.ShopId, request.ChangedSince);
        var position = request.Position ?? OrderCursor.Start;
        var asOf = time.GetUtcNow().UtcDateTime; // written with a Z, so it goes into a query string as it is
        var merchantShops = (await shops.ListByMerchantAsync(merchantId, cancellationToken)).OrderBy(s => s.ShopId, StringComparer.Ordinal).ToArray();
        if (merchantShops.Length == 0)
        {
            return Refusal.NotFound($"Merchant {merchantId} has no shops.");
        }

        if (shopId is not null)
        {
            merchantShops = merchantShops.Where(s => s.ShopId == shopId).ToArray();
            if (merchantShops.Length == 0)
            {
                return Refusal.NotFound($"Merchant {merchantId} has no shop {shopId}.");
            }
        }

        // The deadline filter and "changed since" narrow the same table query.
        var changedFilter = changedSince is { } changed ? Azure.Data.Tables.TableClient.CreateQueryFilter($"UpdatedAt ge {changed.ToUniversalTime()}") : null;
        var filter = string.Join(" and ", new[] { deadlines.Filter, changedFilter }.Where(f => !string.IsNullOrEmpty(f)).Select(f => $"({f})"));
        if (deadlines.Sort is { } sort)
        {
            return await SortedAsync(merchantShops.Select(s => s.ShopId).ToArray(), state, filter.Length == 0 ? null : filter, sort, request.After, pageSize, cancellationToken, asOf);
        }

        var page = new List<StoredOrder>();
        for (var index = position.Shop; index < merchantShops.Length; index++)
        {
            var tableToken = index == position.Shop ? position.Table : null;
            do
            {
                var (found, next) = await orders.QueryAsync(merchantShops[index].ShopId, state, filter.Length == 0 ? null : filter, tableToken, pageSize - page.Count, cancellationToken);
                page.AddRange(found.Select(o => o.Order));
                tableToken = next;
                if (page.Count >= pageSize)
                {
                    var resume = tableToken is not null ? new OrderCursor(index, tableToken) : index + 1 < merchantShops.Length ? new OrderCursor(index + 1, null) : null;
                    return new OrderPage(page, resume?.Format(), asOf);
                }
            }
            while (tableToken is not null);
        }

        return new OrderPage(page, null, asOf);
    }

    /// <summary>Orders with the most sorted deadline first: their deadlines are read (three columns), sorted, and one page read in full.</summary>
    private async Task<Outcome<OrderPage>> SortedAsync(string[] shopIds, OrderState? state, string? filter, OrderSort sort, SortedCursor? after, int pageSize,
        CancellationToken cancellationToken, DateTime? asOf = null)
    {
        var keys = new List<SortedCursor>();
        foreach (var shopId in shopIds)
        {
            await foreach (var (orderId, shipBy, collectBy) in orders.QueryDeadlinesAsync(shopId, state, filter, cancellationToken))
            {
                keys.Add(new SortedCursor(SortedCursor.KeyOf(sort.Field == OrderSort.ShipBy ? shipBy : collectBy, sort.Descending), shopId, orderId));
                if (keys.Count > MaxSortedOrders)
                {
                    return Refusal.Invalid($"More than {MaxSortedOrders} orders match: narrow the list (state, due, shipByBefore, ...) to sort it.");
                }
            }
        }

        var ordered = keys
            .OrderBy(k => k.Key).ThenBy(k => k.ShopId, StringComparer.Ordinal).ThenBy(k => k.OrderId, StringComparer.Ordinal)
            .SkipWhile(k => after is not null && Compare(k, after) <= 0)
            .Take(pageSize + 1)
            .ToList();
        var page = ordered.Take(pageSize).ToList();
        var found = new Dictionary<(string, string), StoredOrder>();
        foreach (var shop in page.GroupBy(k => k.ShopId))
        {
            foreach (var (id, order) in await orders.GetManyAsync(shop.Key, shop.Select(k => k.OrderId), cancellationToken))
            {
                found[(shop.Key, id)] = order.Order;
            }
        }

        var result = page.Where(k => found.ContainsKey((k.ShopId, k.OrderId))).Select(k => found[(k.ShopId, k.OrderId)]).ToList();
        return new OrderPage(result, ordered.Count > pageSize ? page[^1].Format() : null, asOf);
    }

    private static int Compare(SortedCursor a, SortedCursor b)
    {
        var byKey = a.Key.CompareTo(b.Key);
        if (byKey != 0)
        {
            return byKey;
        }

        var byShop = string.CompareOrdinal(a.ShopId, b.ShopId);
        return byShop != 0 ? byShop : string.CompareOrdinal(a.OrderId, b.OrderId);
    }

    /// <summary>POST /api/merchants/{merchantId}/orders/{orderId}/release: the back office takes a ReadyToFulfil order (a repeat answers the released order).</summary>
    public async Task<Outcome<StoredOrder>> ReleaseAsync(ReleaseOrder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, orderId) = (request.MerchantId, request.OrderId);
        return await OptimisticConcurrency.RetryAsync<Outcome<StoredOrder>>(async _ =>
        {
            var found = await FindAsync(merchantId, orderId, cancellationToken);
            if (found is null)
            {
                return Refusal.NotFound($"Merchant {merchantId} has no order {orderId}.");
            }

            var order = found.Order;
            if (order.State == OrderState.Released)
            {
                return order;
            }

            if (order.State != OrderState.ReadyToFulfil)
            {
                return Refusal.Conflict($"Order {orderId} is {order.State} ({order.StateReason}); only ReadyToFulfil orders can be released.");
            }

            var now = time.GetUtcNow();
            var released = OrderRules.MoveTo(order with { ReleasedAt = now }, OrderState.Released, "Taken by the back office.", now);
            // A conflict (a pull stored a newer version meanwhile) decides again on the fresh order.
            await orders.SaveAsync(order.ShopId, [new VersionedOrder(released, found.ETag)], cancellationToken);
            LogReleased(order.ShopId, orderId, merchantId);
            return released;
        });
    }

    /// <summary>The merchant's order with this id, from whichever of its shops has it.</summary>
    public async Task<VersionedOrder?> FindAsync(string merchantId, string orderId, CancellationToken cancellationToken)
    {
        foreach (var shop in await shops.ListByMerchantAsync(merchantId, cancellationToken))
        {
            if (await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is { } found && found.Order.MerchantId == merchantId)
            {
                return found;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} of shop {ShopId} released to the back office of merchant {MerchantId}")]
    private partial void LogReleased(string shopId, string orderId, string merchantId);
}
