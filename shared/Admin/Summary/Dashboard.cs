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
/// (by order creation day in UTC and currency; cancelled orders left out), and after-sales requests waiting for the seller and near
/// their deadline. Reads every order: meant for a support
/// screen refreshed now and then, not polled.
/// </summary>
public sealed class Dashboard(ShopRepository shops, OrderStore orders, SupportCaseStore cases, FailedMessageAdmin failed, AfterSales.AfterSalesSummary afterSales, TimeProvider time)
{
    public const int TopMissingSkus = 10;
    public const int SalesDays = 30;

    public async Task<IActionResult> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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
            afterSales = await afterSales.CountsAsync(cancellationToken),
            grossSalesPerDay = Enumerable.Range(0, SalesDays).Select(firstDay.AddDays).Select(day => new
            {
                day,
                byCurrency = sales.Where(s => s.Key.Day == day).ToDictionary(s => s.Key.Currency, s => new { gross = s.Value.Gross, orders = s.Value.Orders }),
            }),
        });
    }
}
