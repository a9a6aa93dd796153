namespace Connector.Finance;

/// <summary>200 to GET .../finance/statements: the statements covering the period and their totals per currency.</summary>
public sealed record FinanceStatements(
    string MerchantId, DateOnly From, DateOnly To, IReadOnlyList<StatementView> Statements, IReadOnlyDictionary<string, StatementTotals> TotalsByCurrency);

public sealed record StatementView(
    string ShopId, string StatementId, DateOnly Day, DateTimeOffset StatementTime, string Currency, decimal Revenue, decimal NetSales, decimal Fees,
    decimal ShippingCosts, decimal Adjustments, decimal Settlement, string? PaymentStatus, string? PaymentId)
{
    public static StatementView Of(StoredStatement s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new StatementView(s.ShopId, s.StatementId, s.Day, DateTimeOffset.FromUnixTimeSeconds(s.StatementTime), s.Currency, s.Revenue, s.NetSales, s.Fees,
            s.ShippingCosts, s.Adjustments, s.Settlement, s.PaymentStatus, s.PaymentId);
    }
}

public sealed record StatementTotals(int Statements, decimal Revenue, decimal Fees, decimal ShippingCosts, decimal Adjustments, decimal Settlement);

/// <summary>200 to GET .../finance/payouts: TikTok's payments to the bank account and the balance movements of the period.</summary>
public sealed record FinancePayouts(string MerchantId, DateOnly From, DateOnly To, IReadOnlyList<PaymentView> Payments, IReadOnlyList<WithdrawalView> Withdrawals);

public sealed record PaymentView(
    string ShopId, string PaymentId, DateTimeOffset CreatedAt, string? Status, decimal? Amount, string? Currency, decimal? SettlementAmount, string? SettlementCurrency,
    decimal? ReserveAmount, decimal? AmountBeforeExchange, decimal? ExchangeRate, DateTimeOffset? PaidAt, string? BankAccount)
{
    public static PaymentView Of(StoredPayment p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new PaymentView(p.ShopId, p.PaymentId, DateTimeOffset.FromUnixTimeSeconds(p.CreateTime), p.Status, p.Amount, p.Currency, p.SettlementAmount,
            p.SettlementCurrency, p.ReserveAmount, p.AmountBeforeExchange, p.ExchangeRate, p.PaidTime is { } paid ? DateTimeOffset.FromUnixTimeSeconds(paid) : null, p.BankAccount);
    }
}

public sealed record WithdrawalView(string ShopId, string WithdrawalId, DateTimeOffset CreatedAt, string? Type, decimal? Amount, string? Currency, string? Status)
{
    public static WithdrawalView Of(StoredWithdrawal w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new WithdrawalView(w.ShopId, w.WithdrawalId, DateTimeOffset.FromUnixTimeSeconds(w.CreateTime), w.Type, w.Amount, w.Currency, w.Status);
    }
}

/// <summary>200 to GET .../finance/unsettled: a page of orders TikTok has not settled yet.</summary>
public sealed record UnsettledPage(IReadOnlyList<UnsettledOrderView> Orders, string? ContinuationToken);

public sealed record UnsettledOrderView(
    string ShopId, string OrderId, string? Currency, DateTimeOffset? OrderCreatedAt, decimal GrossSales, decimal? EstimatedSettlement, string? EstimatedSettlementTime,
    string? Reason, DateTimeOffset UpdatedAt)
{
    public static UnsettledOrderView Of(OrderSettlement o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new UnsettledOrderView(o.ShopId, o.OrderId, o.Currency, o.OrderCreateTime is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : null, o.GrossSales,
            o.Estimate?.Settlement, o.Estimate?.EstimatedSettlement, o.Estimate?.Reason, o.UpdatedAt);
    }
}

/// <summary>200 to GET .../orders/{orderId}/settlement: <see cref="SettlementView"/>, or <see cref="SettlementNotSynced"/> for an order without a finance record.</summary>
public abstract record SettlementAnswer;

/// <summary>An order TikTok has no settlement or estimate for (yet).</summary>
public sealed record SettlementNotSynced(string ShopId, string OrderId, SettlementStatus Status, string Detail, string? Currency, decimal? OrderTotal) : SettlementAnswer;

/// <summary>The settlement as the API shows it: totals, fees and taxes by type, transactions, SKUs, price detail.</summary>
public sealed record SettlementView(
    string ShopId, string OrderId, SettlementStatus Status, string? Currency, DateTimeOffset? OrderCreatedAt, DateOnly? SettledOn, SettlementTotals? Totals,
    IReadOnlyDictionary<string, decimal> FeesByType, IReadOnlyDictionary<string, decimal> TaxesByType, IReadOnlyDictionary<string, decimal> ShippingByType,
    IReadOnlyDictionary<string, decimal> RevenueBreakdown, IReadOnlyList<SettlementTransactionView> Transactions, IReadOnlyList<SettlementSkuView> Skus,
    PriceDetail? PriceDetail, SettlementEstimateView? Estimate, string? DetailsError, DateTimeOffset UpdatedAt) : SettlementAnswer
{
    public static SettlementView Of(OrderSettlement o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var breakdown = FinanceAmounts.Sum(o.Transactions.Select(t => (IReadOnlyDictionary<string, decimal>)t.Breakdown));
        var fees = FinanceAmounts.Under(breakdown, "fee.");
        var taxes = FinanceAmounts.Under(breakdown, "tax.");
        var totals = o.Status == SettlementStatus.Settled
            ? new SettlementTotals(
                o.Transactions.Where(t => t.Type == TransactionTypes.Order).Sum(t => t.GrossSales), breakdown.GetValueOrDefault("revenue.seller_discount_amount"),
                breakdown.GetValueOrDefault("revenue.refund_subtotal_before_discount_amount"), o.Transactions.Sum(t => t.Revenue), o.Transactions.Sum(t => t.ShippingCost),
                fees.Values.Sum(), taxes.Values.Sum(), o.Transactions.Sum(t => t.FeeTax), o.Transactions.Sum(t => t.Adjustment), o.Transactions.Sum(t => t.Settlement))
            : null;
        return new SettlementView(
            o.ShopId, o.OrderId, o.Status, o.Currency, o.OrderCreateTime is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            o.Transactions.Count == 0 ? null : o.Transactions.Min(t => t.Day), totals, fees, taxes, FinanceAmounts.Under(breakdown, "shipping."),
            FinanceAmounts.Under(breakdown, "revenue."),
            o.Transactions.Select(t => new SettlementTransactionView(
                t.StatementId, t.Day, t.TransactionId, t.Type, t.AdjustmentId, t.GrossSales, t.Revenue, t.ShippingCost, t.FeeTax, t.Adjustment, t.Settlement, t.Reserve)).ToList(),
            o.Skus.Select(s => new SettlementSkuView(s.SkuId, s.SkuName, s.ProductName, s.Quantity, s.StatementId, s.Revenue, s.ShippingCost, s.FeeTax, s.Settlement)).ToList(),
            o.PriceDetail,
            o.Estimate is { } e
                ? new SettlementEstimateView(e.EstimatedSettlement, e.Reason, e.DeliveryTime is { } d ? DateTimeOffset.FromUnixTimeSeconds(d) : null, e.Revenue, e.ShippingCost,
                    e.FeeTax, e.Adjustment, e.Settlement)
                : null,
            o.DetailsError, o.UpdatedAt);
    }
}

public sealed record SettlementTotals(
    decimal GrossSales, decimal SellerDiscount, decimal Refunds, decimal Revenue, decimal ShippingCost, decimal Fees, decimal Taxes, decimal FeesAndTaxes, decimal Adjustments,
    decimal Settlement);

public sealed record SettlementTransactionView(
    string StatementId, DateOnly StatementDay, string TransactionId, string Type, string? AdjustmentId, decimal GrossSales, decimal Revenue, decimal ShippingCost,
    decimal FeesAndTaxes, decimal Adjustment, decimal Settlement, decimal Reserve);

public sealed record SettlementSkuView(
    string? SkuId, string? SkuName, string? ProductName, int Quantity, string? StatementId, decimal Revenue, decimal ShippingCost, decimal FeesAndTaxes, decimal Settlement);

public sealed record SettlementEstimateView(
    string? EstimatedSettlement, string? Reason, DateTimeOffset? DeliveredAt, decimal Revenue, decimal ShippingCost, decimal FeesAndTaxes, decimal Adjustment, decimal Settlement);
