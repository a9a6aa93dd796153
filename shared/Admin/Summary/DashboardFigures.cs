using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.Orders;
using Connector.Storage;

namespace Connector.Admin.Summary;

/// <summary>What one shop adds to the dashboard, from its version rows' figures (<see cref="OrderStore.ReadFiguresAsync"/>) as of a time.</summary>
public sealed class ShopFigures
{
    public required string ShopId { get; init; }

    public required string MerchantId { get; init; }

    public Dictionary<string, int> ByState { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Today { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> ThisWeek { get; } = new(StringComparer.Ordinal);

    /// <summary>Orders created on each of the last <see cref="DashboardFigures.SalesDays"/> days (oldest first).</summary>
    public int[] OrdersPerDay { get; } = new int[DashboardFigures.SalesDays];

    /// <summary>Gross sales (cancelled orders left out) per currency on each of the last 30 days, and how many orders make them.</summary>
    public Dictionary<string, (decimal[] Gross, int[] Orders)> SalesPerDay { get; } = new(StringComparer.Ordinal);

    public int ImportedLast24Hours { get; set; }

    public Dictionary<string, int> MissingSkus { get; } = new(StringComparer.Ordinal);

    /// <summary>Open orders whose ship-by deadline had passed.</summary>
    public int Late { get; set; }

    /// <summary>Open orders due in the next <see cref="DashboardFigures.ShipByHorizon"/>, by quarter hour (unix seconds / 900).</summary>
    public Dictionary<long, int> DueByQuarter { get; } = [];

    /// <summary>Day rows holding more orders than a row lists (<see cref="OrderVersionDay.Capacity"/>): the figures of those days miss some.</summary>
    public int FullDays { get; set; }
}

/// <summary>The dashboard's figures of one shop from its day rows: pure, as of a given time (all days in UTC).</summary>
public static class DashboardFigures
{
    public const int SalesDays = 30;

    /// <summary>Far enough for "due tomorrow" in any time zone (the day after tomorrow starts at most 48 hours and a DST hour away).</summary>
    public static readonly TimeSpan ShipByHorizon = TimeSpan.FromHours(50);

    /// <summary>Every time zone's midnight falls on a quarter hour, so open orders are bucketed by quarter hour.</summary>
    public const int QuarterSeconds = 900;

    public static DateOnly Today(DateTimeOffset asOf) => DateOnly.FromDateTime(asOf.UtcDateTime);

    public static DateOnly FirstDay(DateTimeOffset asOf) => Today(asOf).AddDays(-(SalesDays - 1));

    /// <summary>Monday of the week of <paramref name="asOf"/> (UTC).</summary>
    public static DateOnly WeekStart(DateTimeOffset asOf) => Today(asOf).AddDays(-(((int)Today(asOf).DayOfWeek + 6) % 7));

    public static ShopFigures Of(string shopId, string merchantId, IEnumerable<TableEntity> rows, DateTimeOffset asOf)
    {
        var figures = new ShopFigures { ShopId = shopId, MerchantId = merchantId };
        var today = Today(asOf);
        var firstDay = FirstDay(asOf);
        var weekStart = WeekStart(asOf);
        var now = asOf.ToUnixTimeSeconds();
        var horizon = (asOf + ShipByHorizon).ToUnixTimeSeconds();
        var firstImportHour = (now / 3600) - 23; // the current hour and the 23 before it
        foreach (var row in rows)
        {
            if (!DateOnly.TryParseExact(row.RowKey[OrderVersionDay.RowPrefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                continue;
            }

            if (row.GetBoolean("Full") == true)
            {
                figures.FullDays++;
            }

            var states = Json<Dictionary<string, int>>(row, OrderVersionDay.StatesColumn);
            foreach (var (state, n) in states)
            {
                Add(figures.ByState, state, n);
                if (day == today)
                {
                    Add(figures.Today, state, n);
                }

                if (day >= weekStart && day <= today)
                {
                    Add(figures.ThisWeek, state, n);
                }
            }

            var index = day.DayNumber - firstDay.DayNumber;
            if (index is >= 0 and < SalesDays)
            {
                figures.OrdersPerDay[index] += states.Values.Sum();
                foreach (var (currency, value) in Json<Dictionary<string, decimal[]>>(row, OrderVersionDay.GrossColumn))
                {
                    if (value.Length < 2)
                    {
                        continue;
                    }

                    if (!figures.SalesPerDay.TryGetValue(currency, out var perDay))
                    {
                        figures.SalesPerDay[currency] = perDay = (new decimal[SalesDays], new int[SalesDays]);
                    }

                    perDay.Gross[index] += value[0];
                    perDay.Orders[index] += (int)value[1];
                }
            }

            foreach (var (hour, n) in Json<Dictionary<string, int>>(row, OrderVersionDay.ImportedColumn))
            {
                if (long.TryParse(hour, CultureInfo.InvariantCulture, out var h) && h >= firstImportHour && h <= now / 3600)
                {
                    figures.ImportedLast24Hours += n;
                }
            }

            foreach (var (sku, n) in Json<Dictionary<string, int>>(row, OrderVersionDay.SkusColumn))
            {
                Add(figures.MissingSkus, sku, n);
            }

            var text = TableRows.ReadChunks(row, TableRows.Numbered(OrderVersionDay.ShipByColumn), OrderVersionDay.ShipByChunks);
            foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && long.TryParse(pair.AsSpan(0, colon), CultureInfo.InvariantCulture, out var shipBy)
                    && int.TryParse(pair.AsSpan(colon + 1), CultureInfo.InvariantCulture, out var n))
                {
                    if (shipBy < now)
                    {
                        figures.Late += n;
                    }
                    else if (shipBy < horizon)
                    {
                        figures.DueByQuarter[shipBy / QuarterSeconds] = figures.DueByQuarter.GetValueOrDefault(shipBy / QuarterSeconds) + n;
                    }
                }
            }
        }

        return figures;
    }

    /// <summary>Open orders due today and tomorrow in <paramref name="zone"/> as of <paramref name="asOf"/> (not yet late then).</summary>
    public static (int Today, int Tomorrow) Due(IReadOnlyDictionary<long, int> dueByQuarter, DateTimeOffset asOf, TimeZoneInfo zone)
    {
        var (tomorrow, dayAfter) = DeadlineRules.DayBoundaries(asOf, zone);
        int today = 0, next = 0;
        foreach (var (quarter, n) in dueByQuarter)
        {
            var start = quarter * QuarterSeconds;
            if (start < tomorrow.ToUnixTimeSeconds())
            {
                today += n;
            }
            else if (start < dayAfter.ToUnixTimeSeconds())
            {
                next += n;
            }
        }

        return (today, next);
    }

    private static void Add(Dictionary<string, int> counts, string key, int n) => counts[key] = counts.GetValueOrDefault(key) + n;

    private static T Json<T>(TableEntity row, string column)
        where T : new() =>
        row.GetString(column) is { Length: > 0 } json ? JsonSerializer.Deserialize<T>(json) ?? new T() : new T();
}
