using Connector.Admin.FailedMessages;
using Connector.Http;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Summary;

/// <summary>
/// GET /api/admin/summary, the dashboard: shops by status, orders by state, orders imported in the last 24 hours, the
/// SKUs most often missing from catalogs, open cases, poison message counts and gross sales per day for 30 days
/// (by order creation day in UTC and currency; cancelled orders left out). Reads every order: meant for a support
/// screen refreshed now and then, not polled. For the console also: orders created today and this week (since Monday,
/// UTC) by state, late orders (ready or released and not shipped <see cref="LateAfter"/> after payment), runs that
/// failed in the last 24 hours, and orders and gross sales per day per shop. And after-sales requests waiting for the
/// seller, near their deadline and past it; and, per shop, the open orders late or due today / tomorrow by TikTok's ship-by
/// deadline (<c>shipByDeadlines</c>, days in <c>?timeZone=</c>, UTC by default).
/// </summary>
public sealed class Dashboard(ShopRepository shops, OrderStore orders, SupportCaseStore cases, FailedMessageAdmin failed, RunStore runs, AfterSales.AfterSalesSummary afterSales,
    TimeProvider time)
{
    public const int TopMissingSkus = 10;
    public const int SalesDays = 30;

    /// <summary>An order still ReadyToFulfil or Released this long after it was paid (or created) is late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromHours(48);

    /// <summary>The most failed runs the dashboard reads for its count.</summary>
    public const int FailedRunsRead = 1000;

    public async Task<IActionResult> GetAsync(CancellationToken cancellationToken, string? timeZone = null)
    {
        var now = time.GetUtcNow();
        if (DeadlineRules.Zone(timeZone) is not { } zone)
        {
            return Problems.BadRequest("timeZone is an IANA time zone id such as Europe/London or America/New_York (default UTC).",
                new Dictionary<string, string[]> { ["timeZone"] = ["unknown time zone"] });
        }

        var deadlines = new Dictionary<(string Shop, string Merchant), int[]>();
        var shopsByStatus = new Dictionary<string, int>();
        foreach (var status in Enum.GetValues<ShopStatus>())
        {
            var count = 0;
            string? continuation = null;
            do
            {
                var (page, next) = await shops.ListByStatusAsync(status, continuation, 1000, cancellationToken);
                count += page.Count;
                continuation = next;
            }
            while (continuation is not null);

            shopsByStatus[status.ToString()] = count;
        }

        var ordersByState = Enum.GetValues<OrderState>().ToDictionary(s => s.ToString(), _ => 0);
        var missing = new Dictionary<(string Merchant, string Sku), int>();
        var firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-(SalesDays - 1));
        var sales = new Dictionary<(DateOnly Day, string Currency), (decimal Gross, int Orders)>();
        var importedLastDay = 0;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var ordersToday = Enum.GetValues<OrderState>().ToDictionary(s => s.ToString(), _ => 0);
        var ordersThisWeek = Enum.GetValues<OrderState>().ToDictionary(s => s.ToString(), _ => 0);
        var late = 0;
        var perShop = new Dictionary<string, (int[] Orders, Dictionary<string, decimal[]> Sales)>(StringComparer.Ordinal);
        await foreach (var order in orders.ScanForSummaryAsync(cancellationToken))
        {
            ordersByState[order.State.ToString()]++;
            var created = DateOnly.FromDateTime(TikTokTime.FromUnix(order.CreateTime).UtcDateTime);
            if (created == today)
            {
                ordersToday[order.State.ToString()]++;
            }

            if (created >= weekStart)
            {
                ordersThisWeek[order.State.ToString()]++;
            }

            if (order.State is OrderState.ReadyToFulfil or OrderState.Released && TikTokTime.FromUnix(order.PaidTime ?? order.CreateTime) + LateAfter < now)
            {
                late++;
            }

            if (created >= firstDay && created <= today)
            {
                if (!perShop.TryGetValue(order.ShopId, out var shop))
                {
                    perShop[order.ShopId] = shop = (new int[SalesDays], new Dictionary<string, decimal[]>(StringComparer.Ordinal));
                }

                var index = created.DayNumber - firstDay.DayNumber;
                shop.Orders[index]++;
                if (order.State is not (OrderState.Cancelled or OrderState.CancelledAfterRelease) && order.Amounts.Total is { } shopTotal)
                {
                    var currency = order.Amounts.Currency ?? "";
                    if (!shop.Sales.TryGetValue(currency, out var perDay))
                    {
                        shop.Sales[currency] = perDay = new decimal[SalesDays];
                    }

                    perDay[index] += shopTotal;
                }
            }

            if (order.ImportedAt >= now.AddHours(-24))
            {
                importedLastDay++;
            }

            if (DeadlineRules.Classify(order.State, order.Deadlines.ShipBy, now, zone) is var due and (DeadlineStatus.Late or DeadlineStatus.DueToday or DeadlineStatus.DueTomorrow))
            {
                var counts = deadlines.TryGetValue((order.ShopId, order.MerchantId), out var c) ? c : deadlines[(order.ShopId, order.MerchantId)] = new int[3];
                counts[due switch { DeadlineStatus.Late => 0, DeadlineStatus.DueToday => 1, _ => 2 }]++;
            }

            if (order.State == OrderState.Pending)
            {
                foreach (var sku in order.MissingSkus)
                {
                    missing[(order.MerchantId, sku)] = missing.GetValueOrDefault((order.MerchantId, sku)) + 1;
                }
            }

            var day = DateOnly.FromDateTime(TikTokTime.FromUnix(order.CreateTime).UtcDateTime);
            if (day >= firstDay && order.State is not (OrderState.Cancelled or OrderState.CancelledAfterRelease) && order.Amounts.Total is { } total)
            {
                var key = (day, order.Amounts.Currency ?? "");
                var (gross, count) = sales.GetValueOrDefault(key);
                sales[key] = (gross + total, count + 1);
            }
        }

        var openCases = await cases.OpenCountsAsync(cancellationToken);
        var poison = await failed.CountsAsync(cancellationToken);
        var failedRuns = new List<RunRecord>();
        string? runsToken = null;
        do
        {
            var (page, continuation) = await runs.ListAcrossShopsAsync(now.AddHours(-24), now, null, null, RunOutcome.Failed, runsToken, 500, cancellationToken);
            failedRuns.AddRange(page);
            runsToken = continuation;
        }
        while (runsToken is not null && failedRuns.Count < FailedRunsRead);

        return Problems.Json(new
        {
            generatedAt = now,
            ordersToday,
            ordersThisWeek = new { since = weekStart, byState = ordersThisWeek },
            pendingOrders = ordersByState[nameof(OrderState.Pending)],
            lateOrders = new { total = late, afterHours = LateAfter.TotalHours },
            failedRunsLast24Hours = new
            {
                total = failedRuns.Count,
                shops = failedRuns.Select(r => r.ShopId).Distinct().Count(),
                byKind = failedRuns.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count()),
            },
            days = Enumerable.Range(0, SalesDays).Select(firstDay.AddDays),
            perShop = perShop.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new
            {
                shopId = p.Key,
                ordersPerDay = p.Value.Orders,
                ordersTotal = p.Value.Orders.Sum(),
                grossPerDay = p.Value.Sales.ToDictionary(c => c.Key, c => c.Value),
            }),
            shopsByStatus,
            ordersByState,
            ordersImportedLast24Hours = importedLastDay,
            topMissingSkus = missing.OrderByDescending(m => m.Value).ThenBy(m => m.Key.Sku, StringComparer.Ordinal).Take(TopMissingSkus)
                .Select(m => new { merchantId = m.Key.Merchant, sku = m.Key.Sku, pendingOrders = m.Value }),
            openCases = new { total = openCases.Values.Sum(), byKind = openCases.ToDictionary(c => c.Key.ToString(), c => c.Value) },
            poisonMessages = poison,
            afterSales = await afterSales.CountsAsync(cancellationToken),
            shipByDeadlines = new
            {
                timeZone = zone.Id,
                late = deadlines.Values.Sum(c => c[0]),
                dueToday = deadlines.Values.Sum(c => c[1]),
                dueTomorrow = deadlines.Values.Sum(c => c[2]),
                byShop = deadlines.OrderByDescending(d => d.Value[0]).ThenByDescending(d => d.Value[1]).ThenBy(d => d.Key.Shop, StringComparer.Ordinal)
                    .Select(d => new { shopId = d.Key.Shop, merchantId = d.Key.Merchant, late = d.Value[0], dueToday = d.Value[1], dueTomorrow = d.Value[2] }),
            },
            grossSalesPerDay = Enumerable.Range(0, SalesDays).Select(firstDay.AddDays).Select(day => new
            {
                day,
                byCurrency = sales.Where(s => s.Key.Day == day).ToDictionary(s => s.Key.Currency, s => new { gross = s.Value.Gross, orders = s.Value.Orders }),
            }),
        });
    }
}
