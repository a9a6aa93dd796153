using Connector.AfterSales;
using Connector.Http;
using Connector.Orders;

namespace Connector.Admin.Summary;

/// <summary>GET /api/admin/summary?timeZone=: the time zone the ship-by days are counted in (IANA id, UTC by default).</summary>
public sealed record ReadDashboard(TimeZoneInfo Zone)
{
    public static ReadDashboard Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "dashboard's time zone";
        if (DeadlineRules.Zone(r.Query("timeZone")) is { } zone)
        {
            return new ReadDashboard(zone);
        }

        r.Fail("timeZone", "unknown time zone: an IANA id such as Europe/London or America/New_York (default UTC)");
        return new ReadDashboard(TimeZoneInfo.Utc);
    }
}

/// <summary>The dashboard: figures from the rollup (<see cref="Rollup"/> says how old), counters read live.</summary>
public sealed record DashboardSummary(
    DateTimeOffset GeneratedAt,
    DashboardRollupInfo Rollup,
    IReadOnlyDictionary<string, int> OrdersToday,
    DashboardWeek OrdersThisWeek,
    int PendingOrders,
    DashboardLate LateOrders,
    DashboardFailedRuns FailedRunsLast24Hours,
    IReadOnlyList<DateOnly> Days,
    IReadOnlyList<DashboardShopDays> PerShop,
    DashboardShopsListed PerShopListed,
    IReadOnlyDictionary<string, int> ShopsByStatus,
    IReadOnlyDictionary<string, int> OrdersByState,
    int OrdersImportedLast24Hours,
    IReadOnlyList<DashboardMissingSku> TopMissingSkus,
    DashboardOpenCases OpenCases,
    IReadOnlyDictionary<string, int> PoisonMessages,
    AfterSalesCounts AfterSales,
    DashboardShipBy ShipByDeadlines,
    IReadOnlyList<DashboardSalesDay> GrossSalesPerDay);

public sealed record DashboardRollupInfo(
    DateTimeOffset AsOf, long AgeSeconds, bool ComputedForThisRequest, long TookMilliseconds, int Shops, int ShopsRebuilt, int FullDays);

public sealed record DashboardWeek(DateOnly Since, IReadOnlyDictionary<string, int> ByState);

public sealed record DashboardLate(int Total, string Definition);

public sealed record DashboardFailedRuns(int Total, int Shops, IReadOnlyDictionary<string, int> ByKind);

public sealed record DashboardShopDays(string ShopId, IReadOnlyList<int> OrdersPerDay, int OrdersTotal, IReadOnlyDictionary<string, decimal[]> GrossPerDay);

public sealed record DashboardShopsListed(int Listed, int ShopsWithOrders);

public sealed record DashboardMissingSku(string MerchantId, string Sku, int PendingOrders);

public sealed record DashboardOpenCases(int Total, IReadOnlyDictionary<string, int> ByKind);

public sealed record DashboardShipBy(
    string TimeZone, DateTimeOffset AsOf, int Late, int DueToday, int DueTomorrow, int ShopsWithDeadlines, IReadOnlyList<DashboardShopShipBy> ByShop);

public sealed record DashboardShopShipBy(string ShopId, string MerchantId, int Late, int DueToday, int DueTomorrow);

public sealed record DashboardSalesDay(DateOnly Day, IReadOnlyDictionary<string, DashboardSales> ByCurrency);

public sealed record DashboardSales(decimal Gross, int Orders);
