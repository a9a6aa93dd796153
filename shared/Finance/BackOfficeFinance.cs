using System.Text.Json;
using Connector.Http;
using Connector.Orders;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Connector.Finance;

/// <summary>
/// The back office's finance endpoints (function key), all scoped to one merchant's shops:
/// <c>GET /api/merchants/{merchantId}/finance/statements?from=&amp;to=&amp;shopId=</c>,
/// <c>GET /api/merchants/{merchantId}/finance/payouts?from=&amp;to=&amp;shopId=</c>,
/// <c>GET /api/merchants/{merchantId}/finance/transactions?from=&amp;to=&amp;shopId=</c> (CSV, streamed),
/// <c>GET /api/merchants/{merchantId}/finance/unsettled?shopId=&amp;pageSize=&amp;continuationToken=</c> and
/// <c>GET /api/merchants/{merchantId}/orders/{orderId}/settlement</c>. Bad input is a problem naming each bad field;
/// another merchant's shop or order is not found.
/// </summary>
public sealed class BackOfficeFinance(ShopRepository shops, OrderStore orders, FinanceRecordStore records, FinanceLedger ledger, IOptions<FinanceOptions> options)
{
    /// <summary>GET .../finance/statements: the statements covering the days of the period, and their totals per currency.</summary>
    public async Task<IActionResult> StatementsAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        var (period, merchantShops, refused) = await PeriodAndShopsAsync(request, merchantId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (from, to) = period.StatementTimes;
        var statements = new List<StoredStatement>();
        foreach (var shop in merchantShops)
        {
            statements.AddRange(await records.StatementsAsync(shop.ShopId, from, to, cancellationToken));
        }

        return Problems.Json(new
        {
            merchantId,
            from = period.From,
            to = period.To,
            statements = statements.OrderBy(s => s.Day).ThenBy(s => s.ShopId, StringComparer.Ordinal).Select(s => new
            {
                s.ShopId, s.StatementId, s.Day, statementTime = DateTimeOffset.FromUnixTimeSeconds(s.StatementTime), s.Currency, s.Revenue, s.NetSales, s.Fees,
                s.ShippingCosts, s.Adjustments, s.Settlement, s.PaymentStatus, s.PaymentId,
            }),
            totalsByCurrency = statements.GroupBy(s => s.Currency, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new
            {
                statements = g.Count(),
                revenue = g.Sum(s => s.Revenue),
                fees = g.Sum(s => s.Fees),
                shippingCosts = g.Sum(s => s.ShippingCosts),
                adjustments = g.Sum(s => s.Adjustments),
                settlement = g.Sum(s => s.Settlement),
            }),
        });
    }

    /// <summary>GET .../finance/payouts: TikTok's payments to the bank account and the balance movements created in the period.</summary>
    public async Task<IActionResult> PayoutsAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        var (period, merchantShops, refused) = await PeriodAndShopsAsync(request, merchantId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (from, to) = period.Times;
        var payments = new List<StoredPayment>();
        var withdrawals = new List<StoredWithdrawal>();
        foreach (var shop in merchantShops)
        {
            payments.AddRange(await records.PaymentsAsync(shop.ShopId, from, to, cancellationToken));
            withdrawals.AddRange(await records.WithdrawalsAsync(shop.ShopId, from, to, cancellationToken));
        }

        return Problems.Json(new
        {
            merchantId,
            from = period.From,
            to = period.To,
            payments = payments.OrderBy(p => p.CreateTime).Select(p => new
            {
                p.ShopId, p.PaymentId, createdAt = DateTimeOffset.FromUnixTimeSeconds(p.CreateTime), p.Status, p.Amount, p.Currency, p.SettlementAmount,
                p.SettlementCurrency, p.ReserveAmount, p.AmountBeforeExchange, p.ExchangeRate, paidAt = p.PaidTime is { } paid ? DateTimeOffset.FromUnixTimeSeconds(paid) : (DateTimeOffset?)null,
                p.BankAccount,
            }),
            withdrawals = withdrawals.OrderBy(w => w.CreateTime).Select(w => new
            {
                w.ShopId, w.WithdrawalId, createdAt = DateTimeOffset.FromUnixTimeSeconds(w.CreateTime), w.Type, w.Amount, w.Currency, w.Status,
            }),
        });
    }

    /// <summary>GET .../finance/transactions: every transaction of the statements covering the period, as CSV, streamed shop by shop and page by page.</summary>
    public async Task<IActionResult> ExportAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        var (period, merchantShops, refused) = await PeriodAndShopsAsync(request, merchantId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (from, to) = period.StatementTimes;
        var fileName = $"tiktok-transactions-{merchantId}-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv";
        // The stream is read after this method returns: the result passes the request's abort token to the enumerator.
        return new CsvStreamResult(fileName, FinanceCsv.Header, RowsAsync(merchantShops.Select(s => s.ShopId).ToArray(), from, to, CancellationToken.None));
    }

    private async IAsyncEnumerable<IReadOnlyList<string[]>> RowsAsync(IReadOnlyList<string> shopIds, long from, long to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var shopId in shopIds)
        {
            await foreach (var page in ledger.TransactionPagesAsync(shopId, from, to, cancellationToken))
            {
                yield return page.Select(t => FinanceCsv.Row(shopId, t)).ToArray();
            }
        }
    }

    /// <summary>GET .../finance/unsettled: the merchant's orders TikTok has not settled yet, with its estimates, a page at a time.</summary>
    public async Task<IActionResult> UnsettledAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryPageSize(request, out var pageSize, out var problem))
        {
            return problem!;
        }

        if (!AdminRequest.TryContinuation(request, out var token, out problem))
        {
            return problem!;
        }

        var position = token is null ? Cursor.Start : JsonSerializer.Deserialize<Cursor>(token) ?? Cursor.Start;

        var (merchantShops, missing) = await ShopsAsync(request, merchantId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var page = new List<OrderSettlement>();
        for (var index = position.Shop; index < merchantShops.Count; index++)
        {
            var tableToken = index == position.Shop ? position.Table : null;
            do
            {
                IReadOnlyList<OrderSettlement> found;
                try
                {
                    (found, tableToken) = await ledger.ListOrdersAsync(merchantShops[index].ShopId, SettlementStatus.Unsettled, tableToken, pageSize - page.Count, cancellationToken);
                }
                catch (Azure.RequestFailedException e) when (e.Status == 400)
                {
                    return Problems.BadRequest("continuationToken is not one this API gave out.", new Dictionary<string, string[]> { ["continuationToken"] = ["not one this API gave out"] });
                }

                page.AddRange(found);
                if (page.Count >= pageSize)
                {
                    var resume = tableToken is not null ? new Cursor(index, tableToken) : index + 1 < merchantShops.Count ? new Cursor(index + 1, null) : null;
                    return Problems.Json(new { orders = page.Select(Unsettled), continuationToken = resume?.Format() });
                }
            }
            while (tableToken is not null);
        }

        return Problems.Json(new { orders = page.Select(Unsettled), continuationToken = (string?)null });
    }

    /// <summary>GET .../orders/{orderId}/settlement: what the buyer paid, what TikTok charged and what it settled, for one of the merchant's orders.</summary>
    public async Task<IActionResult> OrderSettlementAsync(string merchantId, string orderId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(orderId))
        {
            return Problems.BadRequest("orderId must be 1 to 64 letters, digits, '.', '_' or '-'.", new Dictionary<string, string[]> { ["orderId"] = ["not an order id"] });
        }

        var merchantShops = await shops.ListByMerchantAsync(merchantId, cancellationToken);
        foreach (var shop in merchantShops.OrderBy(s => s.ShopId, StringComparer.Ordinal))
        {
            if (await ledger.GetOrderAsync(shop.ShopId, orderId, cancellationToken) is { } settlement)
            {
                return Problems.Json(View(settlement));
            }
        }

        foreach (var shop in merchantShops)
        {
            if (await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is { } stored && stored.Order.MerchantId == merchantId)
            {
                return Problems.Json(new
                {
                    shopId = shop.ShopId,
                    orderId,
                    status = SettlementStatus.NotSynced,
                    detail = "TikTok has no settlement or estimate for this order in the last finance sync: it is unpaid or cancelled, or the next sync will bring it.",
                    currency = stored.Order.Amounts.Currency,
                    orderTotal = stored.Order.Amounts.Total,
                });
            }
        }

        return Problems.NotFound($"Merchant {merchantId} has no order {orderId}.");
    }

    /// <summary>The settlement as the API shows it: totals, fees and taxes by type, transactions, SKUs, price detail.</summary>
    public static object View(OrderSettlement o)
    {
        var breakdown = FinanceAmounts.Sum(o.Transactions.Select(t => (IReadOnlyDictionary<string, decimal>)t.Breakdown));
        var fees = FinanceAmounts.Under(breakdown, "fee.");
        var taxes = FinanceAmounts.Under(breakdown, "tax.");
        return new
        {
            o.ShopId,
            o.OrderId,
            o.Status,
            o.Currency,
            orderCreatedAt = o.OrderCreateTime is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : (DateTimeOffset?)null,
            settledOn = o.Transactions.Count == 0 ? (DateOnly?)null : o.Transactions.Min(t => t.Day),
            totals = o.Status == SettlementStatus.Settled
                ? new
                {
                    grossSales = o.Transactions.Where(t => t.Type == TransactionTypes.Order).Sum(t => t.GrossSales),
                    sellerDiscount = breakdown.GetValueOrDefault("revenue.seller_discount_amount"),
                    refunds = breakdown.GetValueOrDefault("revenue.refund_subtotal_before_discount_amount"),
                    revenue = o.Transactions.Sum(t => t.Revenue),
                    shippingCost = o.Transactions.Sum(t => t.ShippingCost),
                    fees = fees.Values.Sum(),
                    taxes = taxes.Values.Sum(),
                    feesAndTaxes = o.Transactions.Sum(t => t.FeeTax),
                    adjustments = o.Transactions.Sum(t => t.Adjustment),
                    settlement = o.Transactions.Sum(t => t.Settlement),
                }
                : null,
            feesByType = fees,
            taxesByType = taxes,
            shippingByType = FinanceAmounts.Under(breakdown, "shipping."),
            revenueBreakdown = FinanceAmounts.Under(breakdown, "revenue."),
            transactions = o.Transactions.Select(t => new
            {
                t.StatementId, statementDay = t.Day, t.TransactionId, t.Type, t.AdjustmentId, t.GrossSales, t.Revenue, t.ShippingCost, feesAndTaxes = t.FeeTax,
                t.Adjustment, t.Settlement, t.Reserve,
            }),
            skus = o.Skus.Select(s => new { s.SkuId, s.SkuName, s.ProductName, s.Quantity, s.StatementId, s.Revenue, s.ShippingCost, feesAndTaxes = s.FeeTax, s.Settlement }),
            priceDetail = o.PriceDetail,
            estimate = o.Estimate is { } e
                ? new { e.EstimatedSettlement, e.Reason, deliveredAt = e.DeliveryTime is { } d ? DateTimeOffset.FromUnixTimeSeconds(d) : (DateTimeOffset?)null, e.Revenue, e.ShippingCost, feesAndTaxes = e.FeeTax, e.Adjustment, e.Settlement }
                : null,
            o.DetailsError,
            o.UpdatedAt,
        };
    }

    private static object Unsettled(OrderSettlement o) => new
    {
        o.ShopId,
        o.OrderId,
        o.Currency,
        orderCreatedAt = o.OrderCreateTime is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : (DateTimeOffset?)null,
        grossSales = o.GrossSales,
        estimatedSettlement = o.Estimate?.Settlement,
        estimatedSettlementTime = o.Estimate?.EstimatedSettlement,
        reason = o.Estimate?.Reason,
        o.UpdatedAt,
    };

    /// <summary>The merchant's shops (by id), or just the <c>shopId</c> one of them; a problem when there are none.</summary>
    /// <summary>The period (<c>from</c>, <c>to</c>) and the merchant's shops (<c>shopId</c>) every period read starts with, or the problem to answer.</summary>
    private async Task<(FinancePeriod Period, IReadOnlyList<ShopRecord> Shops, IActionResult? Problem)> PeriodAndShopsAsync(HttpRequest request, string merchantId,
        CancellationToken cancellationToken)
    {
        if (!FinancePeriod.TryRead(request, options.Value.MaxPeriodDays, out var period, out var problem))
        {
            return (null!, [], problem!);
        }

        var (merchantShops, missing) = await ShopsAsync(request, merchantId, cancellationToken);
        return (period, merchantShops, missing);
    }

    private async Task<(IReadOnlyList<ShopRecord> Shops, IActionResult? Problem)> ShopsAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        var shopId = AdminRequest.Query(request, "shopId");
        if (shopId is not null && !AdminRequest.IsId(shopId))
        {
            return ([], Problems.BadRequest("shopId must be 1 to 64 letters, digits, '.', '_' or '-'.", new Dictionary<string, string[]> { ["shopId"] = ["not a shop id"] }));
        }

        var merchantShops = (await shops.ListByMerchantAsync(merchantId, cancellationToken)).OrderBy(s => s.ShopId, StringComparer.Ordinal).ToArray();
        if (merchantShops.Length == 0)
        {
            return ([], Problems.NotFound($"Merchant {merchantId} has no shops."));
        }

        if (shopId is not null)
        {
            merchantShops = merchantShops.Where(s => s.ShopId == shopId).ToArray();
            if (merchantShops.Length == 0)
            {
                return ([], Problems.NotFound($"Merchant {merchantId} has no shop {shopId}."));
            }
        }

        return (merchantShops, null);
    }

    /// <summary>Where a listing resumes: the index of the merchant's shop (by id) and the table's continuation in it (checksummed by <see cref="AdminRequest.Continuation"/>).</summary>
    private sealed record Cursor(int Shop, string? Table)
    {
        public static readonly Cursor Start = new(0, null);

        public string? Format() => AdminRequest.Continuation(JsonSerializer.Serialize(this));
    }
}
