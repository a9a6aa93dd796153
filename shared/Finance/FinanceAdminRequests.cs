using System.Globalization;
using Connector.Http;
using Connector.Shops;

namespace Connector.Finance;

/// <summary>POST /api/admin/shops/{shopId}/finance/sync; <see cref="Caller"/> is who asked, for the audit log.</summary>
public sealed record SyncShopFinance(string ShopId, string Caller)
{
    public static SyncShopFinance Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new SyncShopFinance(r.Id("shopId", shopId), r.Caller);
    }
}

/// <summary>POST /api/admin/finance/sync: every Active shop.</summary>
public sealed record SyncAllFinance(string Caller)
{
    public static SyncAllFinance Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new SyncAllFinance(r.Caller);
    }
}

/// <summary>
/// GET /api/admin/finance/summary?date=&amp;shopId=&amp;merchantId=&amp;pageSize=&amp;continuationToken=: the day (default today,
/// UTC), its week and month, for one shop or a page of shops (of one merchant).
/// </summary>
public sealed record FinanceSummaryQuery(DateOnly Date, string? ShopId, string? MerchantId, int PageSize, string? ContinuationToken)
{
    public static FinanceSummaryQuery Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "money dashboard's filters";
        var date = DateOnly.FromDateTime(r.Now.UtcDateTime);
        if (r.Query("date") is { } text && !DateOnly.TryParseExact(text, FinancePeriod.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            r.Fail("date", "must be a date YYYY-MM-DD (UTC)");
        }

        return new FinanceSummaryQuery(date, r.QueryId("shopId"), r.QueryId("merchantId"), r.PageSize(), r.Continuation());
    }
}

/// <summary>202: the shop's finance sync is queued.</summary>
public sealed record FinanceShopSyncQueued(string ShopId, string Sync, bool Queued);

/// <summary>202: a finance sync of every Active shop is queued; <c>queued</c> is how many shops.</summary>
public sealed record FinanceSyncQueued(string Sync, int Queued);

/// <summary>The money dashboard: each shop's figures per period (<c>day</c>, <c>week</c>, <c>month</c>) and currency.</summary>
public sealed record FinanceSummary(
    DateOnly Date, DateTimeOffset GeneratedAt, IReadOnlyDictionary<string, SummaryPeriod> Periods, IReadOnlyList<ShopFinanceFigures> Shops, string? ContinuationToken);

/// <summary>A period of the dashboard, both days included.</summary>
public sealed record SummaryPeriod(DateOnly From, DateOnly To);

/// <summary>A shop's figures: period → currency → figures.</summary>
public sealed record ShopFinanceFigures(
    string ShopId, string MerchantId, string Name, ShopStatus Status, IReadOnlyDictionary<string, IReadOnlyDictionary<string, PeriodFigures>> Figures);
