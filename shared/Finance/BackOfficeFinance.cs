using Connector.Http;
using Connector.Orders;
using Connector.Shops;
using Microsoft.Extensions.Options;

namespace Connector.Finance;

/// <summary>
/// The back office's finance endpoints (function key), all scoped to one merchant's shops:
/// <c>GET /api/merchants/{merchantId}/finance/statements?from=&amp;to=&amp;shopId=</c>,
/// <c>GET /api/merchants/{merchantId}/finance/payouts?from=&amp;to=&amp;shopId=</c>,
/// <c>GET /api/merchants/{merchantId}/finance/transactions?from=&amp;to=&amp;shopId=</c> (CSV, streamed),
/// <c>GET /api/merchants/{merchantId}/finance/unsettled?shopId=&amp;pageSize=&amp;continuationToken=</c> and
/// <c>GET /api/merchants/{merchantId}/orders/{orderId}/settlement</c>. Requests are bound and checked by their records
/// (<see cref="FinancePeriodRequest"/>, ...); another merchant's shop or order is not found.
/// </summary>
public sealed class BackOfficeFinance(ShopRepository shops, OrderStore orders, FinanceRecordStore records, FinanceLedger ledger, IOptions<FinanceOptions> options)
{
    /// <summary>The longest period one request may read (setting Finance:MaxPeriodDays), for <see cref="FinancePeriodRequest.Bind"/>.</summary>
    public int MaxPeriodDays => options.Value.MaxPeriodDays;

    /// <summary>GET .../finance/statements: the statements covering the days of the period, and their totals per currency.</summary>
    public async Task<Outcome<FinanceStatements>> StatementsAsync(FinancePeriodRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantShops, missing) = await ShopsAsync(request.MerchantId, request.ShopId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var (from, to) = request.Period.StatementTimes;
        var statements = new List<StoredStatement>();
        foreach (var shop in merchantShops)
        {
            statements.AddRange(await records.StatementsAsync(shop.ShopId, from, to, cancellationToken));
        }

        return new FinanceStatements(
            request.MerchantId, request.Period.From, request.Period.To,
            statements.OrderBy(s => s.Day).ThenBy(s => s.ShopId, StringComparer.Ordinal).Select(StatementView.Of).ToList(),
            statements.GroupBy(s => s.Currency, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new StatementTotals(
                g.Count(), g.Sum(s => s.Revenue), g.Sum(s => s.Fees), g.Sum(s => s.ShippingCosts), g.Sum(s => s.Adjustments), g.Sum(s => s.Settlement))));
    }

    /// <summary>GET .../finance/payouts: TikTok's payments to the bank account and the balance movements created in the period.</summary>
    public async Task<Outcome<FinancePayouts>> PayoutsAsync(FinancePeriodRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantShops, missing) = await ShopsAsync(request.MerchantId, request.ShopId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var (from, to) = request.Period.Times;
        var payments = new List<StoredPayment>();
        var withdrawals = new List<StoredWithdrawal>();
        foreach (var shop in merchantShops)
        {
            payments.AddRange(await records.PaymentsAsync(shop.ShopId, from, to, cancellationToken));
            withdrawals.AddRange(await records.WithdrawalsAsync(shop.ShopId, from, to, cancellationToken));
        }

        return new FinancePayouts(
            request.MerchantId, request.Period.From, request.Period.To,
            payments.OrderBy(p => p.CreateTime).Select(PaymentView.Of).ToList(), withdrawals.OrderBy(w => w.CreateTime).Select(WithdrawalView.Of).ToList());
    }

    /// <summary>GET .../finance/transactions: every transaction of the statements covering the period, as CSV, streamed shop by shop and page by page.</summary>
    public async Task<Outcome<StreamBody>> ExportAsync(FinancePeriodRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantShops, missing) = await ShopsAsync(request.MerchantId, request.ShopId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var (from, to) = request.Period.StatementTimes;
        var shopIds = merchantShops.Select(s => s.ShopId).ToArray();
        var fileName = $"tiktok-transactions-{request.MerchantId}-{request.Period.From:yyyy-MM-dd}-{request.Period.To:yyyy-MM-dd}.csv";
        // The rows are read while the response is written, with the request's abort token.
        return new StreamBody("text/csv; charset=utf-8", fileName, (body, aborted) => FinanceCsv.WriteAsync(body, FinanceCsv.Header, RowsAsync(shopIds, from, to, aborted), aborted));
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
    public async Task<Outcome<UnsettledPage>> UnsettledAsync(ListUnsettled request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantShops, missing) = await ShopsAsync(request.MerchantId, request.ShopId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var (position, pageSize) = (request.Position, request.PageSize);
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
                    return Refusal.InvalidField("continuationToken", "not one this API gave out", "continuationToken is not one this API gave out.");
                }

                page.AddRange(found);
                if (page.Count >= pageSize)
                {
                    var resume = tableToken is not null ? new UnsettledCursor(index, tableToken) : index + 1 < merchantShops.Count ? new UnsettledCursor(index + 1, null) : null;
                    return new UnsettledPage(page.Select(UnsettledOrderView.Of).ToList(), resume?.Format());
                }
            }
            while (tableToken is not null);
        }

        return new UnsettledPage(page.Select(UnsettledOrderView.Of).ToList(), null);
    }

    /// <summary>GET .../orders/{orderId}/settlement: what the buyer paid, what TikTok charged and what it settled, for one of the merchant's orders.</summary>
    public async Task<Outcome<SettlementAnswer>> OrderSettlementAsync(GetOrderSettlement request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, orderId) = (request.MerchantId, request.OrderId);
        var merchantShops = await shops.ListByMerchantAsync(merchantId, cancellationToken);
        foreach (var shop in merchantShops.OrderBy(s => s.ShopId, StringComparer.Ordinal))
        {
            if (await ledger.GetOrderAsync(shop.ShopId, orderId, cancellationToken) is { } settlement)
            {
                return SettlementView.Of(settlement);
            }
        }

        foreach (var shop in merchantShops)
        {
            if (await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is { } stored && stored.Order.MerchantId == merchantId)
            {
                return new SettlementNotSynced(
                    shop.ShopId, orderId, SettlementStatus.NotSynced,
                    "TikTok has no settlement or estimate for this order in the last finance sync: it is unpaid or cancelled, or the next sync will bring it.",
                    stored.Order.Amounts.Currency, stored.Order.Amounts.Total);
            }
        }

        return Refusal.NotFound($"Merchant {merchantId} has no order {orderId}.");
    }

    /// <summary>The merchant's shops (by id), or just the <c>shopId</c> one of them; a refusal when there are none.</summary>
    private async Task<(IReadOnlyList<ShopRecord> Shops, Refusal? Refusal)> ShopsAsync(string merchantId, string? shopId, CancellationToken cancellationToken)
    {
        var merchantShops = (await shops.ListByMerchantAsync(merchantId, cancellationToken)).OrderBy(s => s.ShopId, StringComparer.Ordinal).ToArray();
        if (merchantShops.Length == 0)
        {
            return ([], Refusal.NotFound($"Merchant {merchantId} has no shops."));
        }

        if (shopId is not null)
        {
            merchantShops = merchantShops.Where(s => s.ShopId == shopId).ToArray();
            if (merchantShops.Length == 0)
            {
                return ([], Refusal.NotFound($"Merchant {merchantId} has no shop {shopId}."));
            }
        }

        return (merchantShops, null);
    }
}
