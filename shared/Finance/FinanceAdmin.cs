using Connector.Audit;
using Connector.Http;
using Connector.Shops;

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
    public async Task<Outcome<FinanceShopSyncQueued>> SyncShopAsync(SyncShopFinance request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await shops.GetAsync(request.ShopId, cancellationToken) is not { } shop)
        {
            return Refusal.NotFound($"There is no shop {request.ShopId}.");
        }

        if (shop.Status != ShopStatus.Active)
        {
            return Refusal.Conflict($"Shop {shop.ShopId} is {shop.Status}; only Active shops are synced.");
        }

        await scheduling.RequestAsync(shop.ShopId, "admin", cancellationToken);
        await audit.WriteAsync(request.Caller, AuditAction, shop.ShopId, "finance", null, cancellationToken);
        return Outcome<FinanceShopSyncQueued>.Accepted(new FinanceShopSyncQueued(shop.ShopId, "finance", true));
    }

    /// <summary>POST /api/admin/finance/sync: queue a finance sync of every Active shop now.</summary>
    public async Task<Outcome<FinanceSyncQueued>> SyncAllAsync(SyncAllFinance request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queued = await scheduling.FanOutAsync("admin", cancellationToken);
        await audit.WriteAsync(request.Caller, AuditAction, null, "finance", new { shops = queued }, cancellationToken);
        return Outcome<FinanceSyncQueued>.Accepted(new FinanceSyncQueued("finance", queued));
    }

    /// <summary>GET /api/admin/finance/summary: the figures of one shop, or of a page of shops.</summary>
    public async Task<Outcome<FinanceSummary>> SummaryAsync(FinanceSummaryQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (shopId, merchantId) = (request.ShopId, request.MerchantId);
        IReadOnlyList<ShopRecord> page;
        string? next = null;
        if (shopId is not null)
        {
            if (await shops.GetAsync(shopId, cancellationToken) is not { } shop || (merchantId is not null && shop.MerchantId != merchantId))
            {
                return Refusal.NotFound($"There is no shop {shopId}" + (merchantId is null ? "." : $" of merchant {merchantId}."));
            }

            page = [shop];
        }
        else
        {
            try
            {
                (page, next) = await shops.ListPageAsync(merchantId, null, null, request.ContinuationToken, request.PageSize, cancellationToken);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 400)
            {
                return Refusal.InvalidField("continuationToken", "not one this API gave out", "continuationToken is not one this API gave out.");
            }
        }

        var periods = Periods(request.Date);
        var first = periods.Values.Min(p => p.From);
        var last = periods.Values.Max(p => p.To);
        var figures = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<DailyFigures>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (shop, ct) => figures[shop.ShopId] = await ledger.DaysAsync(shop.ShopId, first, last, ct));

        return new FinanceSummary(
            request.Date,
            time.GetUtcNow(),
            periods.ToDictionary(p => p.Key, p => new SummaryPeriod(p.Value.From, p.Value.To)),
            page.Select(shop => new ShopFinanceFigures(
                shop.ShopId, shop.MerchantId, shop.Name, shop.Status,
                periods.ToDictionary(p => p.Key, p => ByCurrency(figures[shop.ShopId], p.Value.From, p.Value.To)))).ToList(),
            AdminRequest.Continuation(next));
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
