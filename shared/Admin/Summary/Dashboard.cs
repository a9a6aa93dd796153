using Connector.Admin.FailedMessages;
using Connector.Http;
using Connector.Orders;
using Connector.Support;

namespace Connector.Admin.Summary;

/// <summary>
/// GET /api/admin/summary, the dashboard. Its order and shop figures come from the rollup (<see cref="DashboardRollup"/>,
/// refreshed every 5 minutes; <c>rollup.asOf</c> says when): shops by status, orders by state (all time, created today,
/// this week since Monday UTC), orders imported in the last 24 hours, the SKUs most often missing from catalogs, gross
/// sales per day for 30 days (by creation day in UTC and currency; cancelled orders left out), orders and gross sales per
/// day of the shops with the most orders, and the open orders late or due today / tomorrow by TikTok's ship-by deadline
/// (<c>shipByDeadlines</c>, days in <c>?timeZone=</c>, UTC by default, as of the rollup's time). Late means one thing:
/// an open order (Pending, ReadyToFulfil, Released) whose ship-by deadline has passed (<c>lateOrders</c> is that count).
/// The runs that failed in the 24 hours before the rollup and the after-sales counts (every merchant's figures, kept with
/// each request) come from the rollup too; the after-sales deadlines are compared with the time of this request. Open cases
/// and failed messages are read live. A constant number of storage requests whatever the number of shops, orders, runs
/// and after-sales requests.
/// When no rollup exists yet (a new deployment), this request computes it once.
/// </summary>
public sealed class Dashboard(DashboardRollup rollup, SupportCaseStore cases, FailedMessageAdmin failed, AfterSales.AfterSalesSummary afterSales, TimeProvider time)
{
    public const int SalesDays = DashboardFigures.SalesDays;

    public const string LateDefinition = "open orders (Pending, ReadyToFulfil, Released) whose TikTok ship-by deadline has passed";

    public async Task<Outcome<DashboardSummary>> GetAsync(ReadDashboard request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var zone = request.Zone;
        var computedNow = false;
        if (await rollup.ReadAsync(cancellationToken) is not { } data)
        {
            data = await rollup.RefreshAsync(cancellationToken);
            computedNow = true;
        }

        var openCases = await cases.OpenCountsAsync(cancellationToken);
        var poison = await failed.CountsAsync(cancellationToken);

        var (dueToday, dueTomorrow) = DashboardFigures.Due(data.DueByQuarter, data.AsOf, zone);
        var byShop = data.ShipByShops.Select(s => (Shop: s, Due: DashboardFigures.Due(s.DueByQuarter, data.AsOf, zone)))
            .Where(s => s.Shop.Late > 0 || s.Due.Today > 0 || s.Due.Tomorrow > 0)
            .OrderByDescending(s => s.Shop.Late).ThenByDescending(s => s.Due.Today).ThenBy(s => s.Shop.ShopId, StringComparer.Ordinal).ToArray();
        var days = Enumerable.Range(0, SalesDays).Select(data.FirstDay.AddDays).ToArray();
        return new DashboardSummary(
            now,
            new DashboardRollupInfo(data.AsOf, Math.Max(0, (long)(now - data.AsOf).TotalSeconds), computedNow, data.TookMilliseconds, data.ShopsRead, data.ShopsRebuilt, data.FullDays),
            data.OrdersToday,
            new DashboardWeek(data.WeekStart, data.OrdersThisWeek),
            data.OrdersByState.GetValueOrDefault(nameof(OrderState.Pending)),
            new DashboardLate(data.Late, LateDefinition),
            new DashboardFailedRuns(data.FailedRuns.Total, data.FailedRuns.Shops, data.FailedRuns.ByKind),
            days,
            data.PerShop.Select(p => new DashboardShopDays(p.ShopId, p.OrdersPerDay, p.OrdersPerDay.Sum(), p.GrossPerDay)).ToList(),
            new DashboardShopsListed(data.PerShop.Count, data.ShopsWithOrders),
            data.ShopsByStatus,
            data.OrdersByState,
            data.ImportedLast24Hours,
            data.TopMissingSkus.Select(m => new DashboardMissingSku(m.MerchantId, m.Sku, m.PendingOrders)).ToList(),
            new DashboardOpenCases(openCases.Values.Sum(), openCases.ToDictionary(c => c.Key.ToString(), c => c.Value)),
            poison,
            afterSales.Counts(data.AfterSales, now),
            new DashboardShipBy(zone.Id, data.AsOf, data.Late, dueToday, dueTomorrow, data.ShopsWithDeadlines,
                byShop.Select(s => new DashboardShopShipBy(s.Shop.ShopId, s.Shop.MerchantId, s.Shop.Late, s.Due.Today, s.Due.Tomorrow)).ToList()),
            days.Select((day, i) => new DashboardSalesDay(day,
                data.SalesPerDay.Where(s => s.Value[i].Orders > 0).ToDictionary(s => s.Key, s => new DashboardSales(s.Value[i].Gross, s.Value[i].Orders)))).ToList());
    }
}
