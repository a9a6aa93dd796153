using System.Globalization;
using Connector.Audit;
using Connector.Http;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Finance;

/// <summary>
/// The finance part of the admin API: sync now (<c>POST /api/admin/shops/{shopId}/finance/sync</c>, and
/// <c>POST /api/admin/finance/sync</c> for every Active shop) and the money dashboard (<c>GET /api/admin/finance/summary</c>):
/// gross sales, net settled and fees per shop for the day, week (Monday to Sunday) and month around a date, per currency
/// (amounts in different currencies are never added). The figures are read from the daily rows the sync keeps up to date,
/// at most 37 rows per shop, never by reading orders.
/// </summary>
public sealed class FinanceAdmin(ShopRepository shops, FinanceLedger ledger, FinanceScheduling scheduling, AuditLog audit, TimeProvider time)
{
    public const string AuditAction = "finance.sync";

    /// <summary>POST /api/admin/shops/{shopId}/finance/sync: queue the shop's finance sync now.</summary>
    public async Task<IActionResult> SyncShopAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(shopId) || await shops.GetAsync(shopId, cancellationToken) is not { } shop)
        {
            return Problems.NotFound($"There is no shop {shopId}.");
        }

        if (shop.Status != ShopStatus.Active)
        {
            return Problems.Conflict($"Shop {shopId} is {shop.Status}; only Active shops are synced.");
        }

        await scheduling.RequestAsync(shop.ShopId, "admin", cancellationToken);
        await audit.WriteAsync(AdminCaller.KeyName(request), AuditAction, shop.ShopId, "finance", null, cancellationToken);
        return Problems.Json(new { shopId = shop.ShopId, sync = "finance", queued = true }, StatusCodes.Status202Accepted);
    }

    /// <summary>POST /api/admin/finance/sync: queue a finance sync of every Active shop now.</summary>
    public async Task<IActionResult> SyncAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var queued = await scheduling.FanOutAsync("admin", cancellationToken);
        await audit.WriteAsync(AdminCaller.KeyName(request), AuditAction, null, "finance", new { shops = queued }, cancellationToken);
        return Problems.Json(new { sync = "finance", queued }, StatusCodes.Status202Accepted);
    }

    /// <summary>GET /api/admin/finance/summary?date=&amp;shopId=&amp;merchantId=&amp;pageSize=&amp;continuationToken=.</summary>
    public async Task<IActionResult> SummaryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (AdminRequest.Query(request, "date") is { } text && !DateOnly.TryParseExact(text, FinancePeriod.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return Problems.BadRequest($"date '{text}' is not a date YYYY-MM-DD.", new Dictionary<string, string[]> { ["date"] = ["a date YYYY-MM-DD (UTC)"] });
        }

        if (!AdminRequest.TryPageSize(request, out var pageSize, out var problem) || !AdminRequest.TryContinuation(request, out var continuation, out problem))
        {
            return problem!;
        }

        var shopId = AdminRequest.Query(request, "shopId");
        var merchantId = AdminRequest.Query(request, "merchantId");
        var errors = new Dictionary<string, string[]>();
        if (shopId is not null && !AdminRequest.IsId(shopId))
        {
            errors["shopId"] = ["1 to 64 letters, digits, '.', '_' or '-'"];
        }

        if (merchantId is not null && !AdminRequest.IsId(merchantId))
        {
            errors["merchantId"] = ["1 to 64 letters, digits, '.', '_' or '-'"];
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("The filter is not valid: " + string.Join(", ", errors.Keys) + ".", errors);
        }

        IReadOnlyList<ShopRecord> page;
        string? next = null;
        if (shopId is not null)
        {
            if (await shops.GetAsync(shopId, cancellationToken) is not { } shop || (merchantId is not null && shop.MerchantId != merchantId))
            {
                return Problems.NotFound($"There is no shop {shopId}" + (merchantId is null ? "." : $" of merchant {merchantId}."));
            }

            page = [shop];
        }
        else
        {
            try
            {
                (page, next) = await shops.ListPageAsync(merchantId, null, null, continuation, pageSize, cancellationToken);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 400)
            {
                return Problems.BadRequest("continuationToken is not one this API gave out.", new Dictionary<string, string[]> { ["continuationToken"] = ["not one this API gave out"] });
            }
        }

        var periods = Periods(date);
        var first = periods.Values.Min(p => p.From);
        var last = periods.Values.Max(p => p.To);
        var figures = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<DailyFigures>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (shop, ct) => figures[shop.ShopId] = await ledger.DaysAsync(shop.ShopId, first, last, ct));

        return Problems.Json(new
        {
            date,
            generatedAt = time.GetUtcNow(),
            periods = periods.ToDictionary(p => p.Key, p => new { from = p.Value.From, to = p.Value.To }),
            shops = page.Select(shop => new
            {
                shop.ShopId,
                shop.MerchantId,
                shop.Name,
                shop.Status,
                figures = periods.ToDictionary(p => p.Key, p => ByCurrency(figures[shop.ShopId], p.Value.From, p.Value.To)),
            }),
            continuationToken = AdminRequest.Continuation(next),
        });
    }

    /// <summary>The day, its week (Monday to Sunday) and its month.</summary>
    public static IReadOnlyDictionary<string, (DateOnly From, DateOnly To)> Periods(DateOnly date)
    {
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        var monthStart = new DateOnly(date.Year, date.Month, 1);
        return new Dictionary<string, (DateOnly, DateOnly)>
        {
            ["day"] = (date, date),
            ["week"] = (monday, monday.AddDays(6)),
            ["month"] = (monthStart, monthStart.AddMonths(1).AddDays(-1)),
        };
    }

    /// <summary>The daily figures of [<paramref name="from"/>, <paramref name="to"/>] added up per currency, never across currencies.</summary>
    public static IReadOnlyDictionary<string, PeriodFigures> ByCurrency(IEnumerable<DailyFigures> days, DateOnly from, DateOnly to) =>
        days.Where(d => d.Day >= from && d.Day <= to)
            .GroupBy(d => d.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var sum = g.Aggregate(DailyFigures.Zero(from, g.Key), (total, day) => total.Plus(day));
                return new PeriodFigures(sum.GrossSales, sum.Orders, sum.NetSettled, sum.Fees, sum.Revenue, sum.ShippingCosts, sum.Adjustments, sum.Transactions);
            }, StringComparer.Ordinal);
}

/// <summary>A shop's figures of a period in one currency. Fees, shipping costs and negative adjustments keep TikTok's minus sign.</summary>
public sealed record PeriodFigures(decimal GrossSales, long Orders, decimal NetSettled, decimal Fees, decimal Revenue, decimal ShippingCosts, decimal Adjustments, long Transactions);
