using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.AfterSales;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Admin.Summary;

/// <summary>A shop listed on the dashboard's charts: its orders and gross sales per day (the last 30 days).</summary>
public sealed record RollupShopDays(string ShopId, int[] OrdersPerDay, Dictionary<string, decimal[]> GrossPerDay);

/// <summary>A shop listed in the dashboard's ship-by deadlines: late orders and the others due soon by quarter hour.</summary>
public sealed record RollupShopShipBy(string ShopId, string MerchantId, int Late, Dictionary<long, int> DueByQuarter);

public sealed record RollupSales(decimal Gross, int Orders);

public sealed record RollupMissingSku(string MerchantId, string Sku, int PendingOrders);

/// <summary>The dashboard's figures as of <see cref="AsOf"/>, computed by <see cref="DashboardRollup"/>.</summary>
public sealed record DashboardRollupData
{
    public required DateTimeOffset AsOf { get; init; }

    public required long TookMilliseconds { get; init; }

    public required int ShopsRead { get; init; }

    /// <summary>Shops whose rows predated the figures and were rebuilt from their orders by this rollup.</summary>
    public required int ShopsRebuilt { get; init; }

    public required int FullDays { get; init; }

    public required Dictionary<string, int> ShopsByStatus { get; init; }

    public required Dictionary<string, int> OrdersByState { get; init; }

    public required Dictionary<string, int> OrdersToday { get; init; }

    public required DateOnly WeekStart { get; init; }

    public required Dictionary<string, int> OrdersThisWeek { get; init; }

    public required int ImportedLast24Hours { get; init; }

    public required DateOnly FirstDay { get; init; }

    /// <summary>Gross sales per currency on each of the 30 days (oldest first).</summary>
    public required Dictionary<string, RollupSales[]> SalesPerDay { get; init; }

    public required int ShopsWithOrders { get; init; }

    public required List<RollupShopDays> PerShop { get; init; }

    public required List<RollupMissingSku> TopMissingSkus { get; init; }

    public required int Late { get; init; }

    public required Dictionary<long, int> DueByQuarter { get; init; }

    public required int ShopsWithDeadlines { get; init; }

    public required List<RollupShopShipBy> ShipByShops { get; init; }

    /// <summary>Every shop's after-sales figures added up (empty in a rollup stored before they were kept).</summary>
    public AfterSalesTotals AfterSales { get; init; } = new();

    /// <summary>The runs that failed in the 24 hours before <see cref="AsOf"/>, all of them counted.</summary>
    public RollupFailedRuns FailedRuns { get; init; } = new(0, 0, []);
}

/// <summary>Runs that failed in a day: how many, in how many shops, and per kind.</summary>
public sealed record RollupFailedRuns(int Total, int Shops, Dictionary<string, int> ByKind);

/// <summary>
/// The dashboard's rollup: reads every shop's day-row figures (one query per shop, never the orders), adds them up and
/// stores the result as one row with its time (<see cref="DashboardRollupData.AsOf"/>). Run by the timer on
/// <c>DashboardRollupSchedule</c> (every 5 minutes), and once by the dashboard itself when no rollup exists yet. A shop
/// whose rows predate the figures is rebuilt from its orders first (once; <see cref="OrderStore.BuildFiguresAsync"/>).
/// It also adds up each shop's after-sales figures (one point read per shop, <see cref="AfterSalesStore.FiguresAsync"/>)
/// and counts the runs that failed in the last 24 hours (the run index, page by page).
/// </summary>
public sealed class DashboardRollup(ShopRepository shops, OrderStore orders, AfterSalesStore afterSales, RunStore runs, StorageClients storage,
    IOptions<DashboardOptions> options, TimeProvider time, ILogger<DashboardRollup> logger)
{
    public const string TableName = "DashboardRollup";
    public const string Partition = "dashboard";
    public const string Row = "current";
    public const int TopMissingSkus = 10;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<DashboardRollupData> RefreshAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var asOf = time.GetUtcNow();
        var settings = options.Value;
        var shopsByStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        var figures = new ConcurrentBag<ShopFigures>();
        var afterSalesFigures = new ConcurrentBag<AfterSalesFigures>();
        var rebuilt = 0;
        foreach (var status in Enum.GetValues<ShopStatus>())
        {
            var count = 0;
            string? continuation = null;
            do
            {
                // A page of shops at a time (1,000), read in parallel: memory holds one page's figures, not its rows.
                var (page, next) = await shops.ListByStatusAsync(status, continuation, 1000, cancellationToken);
                count += page.Count;
                continuation = next;
                await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.RollupConcurrency), CancellationToken = cancellationToken },
                    async (shop, ct) =>
                    {
                        var (read, wasRebuilt) = await ReadShopAsync(shop, asOf, ct);
                        figures.Add(read);
                        afterSalesFigures.Add(await afterSales.FiguresAsync(shop.MerchantId, shop.ShopId, ct));
                        if (wasRebuilt)
                        {
                            Interlocked.Increment(ref rebuilt);
                        }
                    });
            }
            while (continuation is not null);

            shopsByStatus[status.ToString()] = count;
        }

        var totals = afterSalesFigures.Aggregate(new AfterSalesTotals(), (sum, f) => sum.Add(f));
        var failedRuns = await FailedRunsAsync(asOf, cancellationToken);

        var data = await WriteAsync(asOf, shopsByStatus, figures.ToArray(), rebuilt, stopwatch, cancellationToken, totals, failedRuns);
        logger.LogInformation("Dashboard rollup as of {AsOf}: {Shops} shops read ({Rebuilt} rebuilt) in {Milliseconds} ms", asOf, data.ShopsRead, rebuilt, data.TookMilliseconds);
        return data;
    }

    /// <summary>The figures of one shop as of a time: one query of its day rows (a rebuild first when they predate the figures).</summary>
    public async Task<(ShopFigures Figures, bool Rebuilt)> ReadShopAsync(ShopIndexEntry shop, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var rows = await orders.ReadFiguresAsync(shop.ShopId, cancellationToken);
        var rebuilt = false;
        if (rows is null)
        {
            await orders.BuildFiguresAsync(shop.ShopId, time.GetUtcNow(), cancellationToken);
            rebuilt = true;
            rows = await orders.ReadFiguresAsync(shop.ShopId, cancellationToken) ?? [];
        }

        return (DashboardFigures.Of(shop.ShopId, shop.MerchantId, rows, asOf), rebuilt);
    }

    /// <summary>Every run that failed in the 24 hours before <paramref name="asOf"/>: how many, in how many shops, per kind.</summary>
    private async Task<RollupFailedRuns> FailedRunsAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var (total, byKind, shopIds) = (0, new Dictionary<string, int>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        string? continuation = null;
        do
        {
            var (page, next) = await runs.ListAcrossShopsAsync(asOf.AddHours(-24), asOf, null, null, RunOutcome.Failed, continuation, 1000, cancellationToken);
            foreach (var run in page)
            {
                total++;
                shopIds.Add(run.ShopId);
                byKind[run.Kind] = byKind.GetValueOrDefault(run.Kind) + 1;
            }

            continuation = next;
        }
        while (continuation is not null);

        return new RollupFailedRuns(total, shopIds.Count, byKind);
    }

    /// <summary>Adds up the shops' figures and stores the rollup (the bench also calls it with figures of rows it wrote itself).</summary>
    internal async Task<DashboardRollupData> WriteAsync(DateTimeOffset asOf, Dictionary<string, int> shopsByStatus, IReadOnlyCollection<ShopFigures> all, int rebuilt,
        Stopwatch stopwatch, CancellationToken cancellationToken, AfterSalesTotals? afterSalesTotals = null, RollupFailedRuns? failedRuns = null)
    {
        var settings = options.Value;
        var states = Enum.GetValues<OrderState>().Select(s => s.ToString()).ToArray();
        Dictionary<string, int> Sum(Func<ShopFigures, Dictionary<string, int>> of) =>
            states.ToDictionary(s => s, s => all.Sum(f => of(f).GetValueOrDefault(s)), StringComparer.Ordinal);

        var sales = new Dictionary<string, RollupSales[]>(StringComparer.Ordinal);
        foreach (var currency in all.SelectMany(f => f.SalesPerDay.Keys).Distinct(StringComparer.Ordinal))
        {
            sales[currency] = Enumerable.Range(0, DashboardFigures.SalesDays).Select(i => new RollupSales(
                all.Sum(f => f.SalesPerDay.TryGetValue(currency, out var d) ? d.Gross[i] : 0m),
                all.Sum(f => f.SalesPerDay.TryGetValue(currency, out var d) ? d.Orders[i] : 0))).ToArray();
        }

        var listed = Math.Max(0, settings.ShopsListed);
        var withOrders = all.Where(f => f.OrdersPerDay.Any(n => n > 0)).ToArray();
        var withDeadlines = all.Where(f => f.Late > 0 || f.DueByQuarter.Count > 0).ToArray();
        var due48 = (asOf + TimeSpan.FromHours(48)).ToUnixTimeSeconds() / DashboardFigures.QuarterSeconds;
        var data = new DashboardRollupData
        {
            AsOf = asOf,
            TookMilliseconds = stopwatch.ElapsedMilliseconds,
            ShopsRead = all.Count,
            ShopsRebuilt = rebuilt,
            FullDays = all.Sum(f => f.FullDays),
            ShopsByStatus = shopsByStatus,
            OrdersByState = Sum(f => f.ByState),
            OrdersToday = Sum(f => f.Today),
            WeekStart = DashboardFigures.WeekStart(asOf),
            OrdersThisWeek = Sum(f => f.ThisWeek),
            ImportedLast24Hours = all.Sum(f => f.ImportedLast24Hours),
            FirstDay = DashboardFigures.FirstDay(asOf),
            SalesPerDay = sales,
            ShopsWithOrders = withOrders.Length,
            PerShop = withOrders.OrderByDescending(f => f.OrdersPerDay.Sum()).ThenBy(f => f.ShopId, StringComparer.Ordinal).Take(listed)
                .OrderBy(f => f.ShopId, StringComparer.Ordinal)
                .Select(f => new RollupShopDays(f.ShopId, f.OrdersPerDay, f.SalesPerDay.ToDictionary(s => s.Key, s => s.Value.Gross, StringComparer.Ordinal))).ToList(),
            TopMissingSkus = all.SelectMany(f => f.MissingSkus.Select(s => (f.MerchantId, Sku: s.Key, N: s.Value)))
                .GroupBy(s => (s.MerchantId, s.Sku)).Select(g => new RollupMissingSku(g.Key.MerchantId, g.Key.Sku, g.Sum(s => s.N)))
                .OrderByDescending(m => m.PendingOrders).ThenBy(m => m.Sku, StringComparer.Ordinal).ThenBy(m => m.MerchantId, StringComparer.Ordinal).Take(TopMissingSkus).ToList(),
            Late = all.Sum(f => f.Late),
            DueByQuarter = all.SelectMany(f => f.DueByQuarter).GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.Sum(d => d.Value)),
            ShopsWithDeadlines = withDeadlines.Length,
            ShipByShops = withDeadlines.OrderByDescending(f => f.Late).ThenByDescending(f => f.DueByQuarter.Where(d => d.Key < due48).Sum(d => d.Value))
                .ThenBy(f => f.ShopId, StringComparer.Ordinal).Take(listed)
                .Select(f => new RollupShopShipBy(f.ShopId, f.MerchantId, f.Late, f.DueByQuarter)).ToList(),
            AfterSales = afterSalesTotals ?? new AfterSalesTotals(),
            FailedRuns = failedRuns ?? new RollupFailedRuns(0, 0, []),
        };
        data = data with { TookMilliseconds = stopwatch.ElapsedMilliseconds };
        await SaveAsync(data, cancellationToken);
        return data;
    }

    /// <summary>The stored rollup (one point read), or null when none has been computed yet.</summary>
    public async Task<DashboardRollupData?> ReadAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        return JsonSerializer.Deserialize<DashboardRollupData>(TableRows.ReadChunks(found.Value!, TableRows.Numbered("J")), Json);
    }

    private async Task SaveAsync(DashboardRollupData data, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var text = JsonSerializer.Serialize(data, Json);
        var entity = new TableEntity(Partition, Row) { ["AsOf"] = data.AsOf };
        TableRows.WriteChunks(entity, text, TableRows.Numbered("J"));

        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
