using Connector.Storage;
using System.Text;
using System.Text.Json;
using Connector.Http;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>A sorted listing reads the deadlines of every matching order first; above this many it asks for a narrower filter.</summary>
    public const int MaxSortedOrders = 20_000;

    public async Task<IActionResult> ListAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        OrderState? state = null;
        if (request.Query["state"].FirstOrDefault() is { Length: > 0 } stateText)
        {
            if (!Enum.TryParse<OrderState>(stateText, ignoreCase: true, out var parsed) || int.TryParse(stateText, out _))
            {
                return Problems.BadRequest($"Unknown state '{stateText}'. Use one of: {string.Join(", ", Enum.GetNames<OrderState>())}.");
            }

            state = parsed;
        }

        var pageSize = DefaultPageSize;
        if (request.Query["pageSize"].FirstOrDefault() is { Length: > 0 } sizeText && (!int.TryParse(sizeText, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.BadRequest($"pageSize must be a whole number from 1 to {MaxPageSize}.");
        }

        var (deadlines, deadlineErrors) = OrderListQuery.Parse(request.Query, time.GetUtcNow());
        if (deadlines is null)
        {
            return Problems.BadRequest(string.Join(" ", deadlineErrors.SelectMany(e => e.Value)), deadlineErrors);
        }

        var continuation = request.Query["continuationToken"].FirstOrDefault();
        var position = Cursor.Start;
        SortedCursor? after = null;
        if (continuation is { Length: > 0 } token
            && (deadlines.Sort is null ? SortedCursor.IsSorted(token) || !Cursor.TryParse(token, out position) : (after = SortedCursor.Parse(token)) is null))
        {
            return Problems.BadRequest("continuationToken is not one this API gave out (for this sort).");
        }

        var errors = new Dictionary<string, string[]>();
        var shopId = request.Query["shopId"].FirstOrDefault() is { Length: > 0 } shopText ? shopText : null;
        if (shopId is not null && !Ids.IsValid(shopId))
        {
            errors["shopId"] = [Ids.Error(shopId)];
        }

        DateTimeOffset? changedSince = null;
        if (request.Query["changedSince"].FirstOrDefault() is { Length: > 0 } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
            {
                changedSince = since;
            }
            else
            {
                errors["changedSince"] = ["must be an ISO 8601 date and time, e.g. 2026-01-31T10:00:00Z (the asOf of your previous listing)"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"The order listing's filters are not valid ({string.Join(", ", errors.Keys)}).", errors);
        }

        var asOf = time.GetUtcNow().UtcDateTime; // written with a Z, so it goes into a query string as it is
        var merchantShops = (await shops.ListByMerchantAsync(merchantId, cancellationToken)).OrderBy(s => s.ShopId, StringComparer.Ordinal).ToArray();
        if (merchantShops.Length == 0)
        {
            return Problems.NotFound($"Merchant {merchantId} has no shops.");
        }

        if (shopId is not null)
        {
            merchantShops = merchantShops.Where(s => s.ShopId == shopId).ToArray();
            if (merchantShops.Length == 0)
            {
                return Problems.NotFound($"Merchant {merchantId} has no shop {shopId}.");
            }
        }

        // The deadline filter and "changed since" narrow the same table query.
        var changedFilter = changedSince is { } changed ? Azure.Data.Tables.TableClient.CreateQueryFilter($"UpdatedAt ge {changed.ToUniversalTime()}") : null;
        var filter = string.Join(" and ", new[] { deadlines.Filter, changedFilter }.Where(f => !string.IsNullOrEmpty(f)).Select(f => $"({f})"));
        if (deadlines.Sort is { } sort)
        {
            return await SortedAsync(merchantShops.Select(s => s.ShopId).ToArray(), state, filter.Length == 0 ? null : filter, sort, after, pageSize, cancellationToken, asOf);
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
                    var resume = tableToken is not null ? new Cursor(index, tableToken) : index + 1 < merchantShops.Length ? new Cursor(index + 1, null) : null;
                    return new OkObjectResult(new OrderPage(page, resume?.Format(), asOf));
                }
            }
            while (tableToken is not null);
        }

        return new OkObjectResult(new OrderPage(page, null, asOf));
    }

    /// <summary>Orders with the most sorted deadline first: their deadlines are read (three columns), sorted, and one page read in full.</summary>
    private async Task<IActionResult> SortedAsync(string[] shopIds, OrderState? state, string? filter, OrderSort sort, SortedCursor? after, int pageSize,
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
                    return Problems.BadRequest($"More than {MaxSortedOrders} orders match: narrow the list (state, due, shipByBefore, ...) to sort it.");
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
        return new OkObjectResult(new OrderPage(result, ordered.Count > pageSize ? page[^1].Format() : null, asOf));
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

    public async Task<IActionResult> ReleaseAsync(string merchantId, string orderId, CancellationToken cancellationToken) =>
        Ids.Check(("merchantId", merchantId), ("orderId", orderId)) ?? await OptimisticConcurrency.RetryAsync<IActionResult>(async _ =>
        {
            var found = await FindAsync(merchantId, orderId, cancellationToken);
            if (found is null)
            {
                return Problems.NotFound($"Merchant {merchantId} has no order {orderId}.");
            }

            var order = found.Order;
            if (order.State == OrderState.Released)
            {
                return new OkObjectResult(order);
            }

            if (order.State != OrderState.ReadyToFulfil)
            {
                return Problems.Conflict($"Order {orderId} is {order.State} ({order.StateReason}); only ReadyToFulfil orders can be released.");
            }

            var now = time.GetUtcNow();
            var released = OrderRules.MoveTo(order with { ReleasedAt = now }, OrderState.Released, "Taken by the back office.", now);
            // A conflict (a pull stored a newer version meanwhile) decides again on the fresh order.
            await orders.SaveAsync(order.ShopId, [new VersionedOrder(released, found.ETag)], cancellationToken);
            LogReleased(order.ShopId, orderId, merchantId);
            return new OkObjectResult(released);
        });

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

    /// <summary>Where a listing resumes: the index of the merchant's shop (by id) and the table's continuation in it.</summary>
    private sealed record Cursor(int Shop, string? Table)
    {
        public static readonly Cursor Start = new(0, null);

        public string Format() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryParse(string token, out Cursor cursor)
        {
            cursor = Start;
            try
            {
                var base64 = token.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
                cursor = JsonSerializer.Deserialize<Cursor>(Encoding.UTF8.GetString(Convert.FromBase64String(base64))) ?? Start;
                return cursor.Shop >= 0;
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                return false;
            }
        }
    }
}
