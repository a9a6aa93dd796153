using Connector.Admin.FailedMessages;
using Connector.Http;
using Connector.Orders;
using Connector.Shops;
using Connector.Support;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Summary;

/// <summary>
/// GET /api/admin/summary, the dashboard: shops by status, orders by state, orders imported in the last 24 hours, the
/// SKUs most often missing from catalogs, open cases, poison message counts and gross sales per day for 30 days
/// (by order creation day in UTC and currency; cancelled orders left out) and, per shop, the open orders late or due today / tomorrow
/// by TikTok's ship-by deadline (days in <c>?timeZone=</c>, UTC by default). Reads every order: meant for a support
/// screen refreshed now and then, not polled.
/// </summary>
public sealed class Dashboard(ShopRepository shops, OrderStore orders, SupportCaseStore cases, FailedMessageAdmin failed, TimeProvider time)
{
    public const int TopMissingSkus = 10;
    public const int SalesDays = 30;

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
        await foreach (var order in orders.ScanForSummaryAsync(cancellationToken))
        {
            ordersByState[order.State.ToString()]++;
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

        var openCases = (await cases.ListAsync(cancellationToken)).Where(c => c.Status == SupportCaseStatus.Open).ToArray();
        var poison = await failed.CountsAsync(cancellationToken);
        return Problems.Json(new
        {
            generatedAt = now,
            shopsByStatus,
            ordersByState,
            ordersImportedLast24Hours = importedLastDay,
            topMissingSkus = missing.OrderByDescending(m => m.Value).ThenBy(m => m.Key.Sku, StringComparer.Ordinal).Take(TopMissingSkus)
                .Select(m => new { merchantId = m.Key.Merchant, sku = m.Key.Sku, pendingOrders = m.Value }),
            openCases = new { total = openCases.Length, byKind = openCases.GroupBy(c => c.Kind.ToString()).ToDictionary(g => g.Key, g => g.Count()) },
            poisonMessages = poison,
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
