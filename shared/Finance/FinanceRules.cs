using System.Globalization;
using Connector.TikTok.Api;

namespace Connector.Finance;

/// <summary>
/// The finance capability's rules, pure: TikTok's records to stored ones, how an order's settlement is assembled from
/// its transactions, and what each record adds to the daily figures (so a change is applied as a delta, never by
/// scanning orders).
/// </summary>
public static class FinanceRules
{
    /// <summary>TikTok's Finance API has data from this day on ("Only data after 2023-07-01 is available").</summary>
    public static readonly DateOnly EarliestData = new(2023, 7, 1);

    /// <summary>The day a statement covers: TikTok generates it at 00:00 UTC after that day.</summary>
    public static DateOnly StatementDay(long statementTime) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(statementTime - 1).UtcDateTime);

    public static DateOnly UtcDay(long unixSeconds) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime);

    /// <summary>Unix seconds of 00:00 UTC of a day.</summary>
    public static long StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>The statement_time range [from, to) of statements covering the days <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static (long From, long To) StatementTimes(DateOnly first, DateOnly last) => (StartOf(first) + 1, StartOf(last.AddDays(1)) + 1);

    /// <summary>The totals that decide whether a statement's transactions must be read (again).</summary>
    public static string Fingerprint(TikTokStatement s) => string.Join('|',
        s.Currency, Amount(s.SettlementAmount), Amount(s.RevenueAmount), Amount(s.FeeAmount), Amount(s.AdjustmentAmount), Amount(s.ShippingCostAmount), Amount(s.NetSalesAmount));

    public static StoredStatement Statement(string shopId, TikTokStatement s) => new()
    {
        ShopId = shopId,
        StatementId = s.Id,
        StatementTime = s.StatementTime,
        Day = StatementDay(s.StatementTime),
        Currency = s.Currency ?? "",
        Revenue = s.RevenueAmount ?? 0,
        NetSales = s.NetSalesAmount ?? 0,
        Fees = s.FeeAmount ?? 0,
        ShippingCosts = s.ShippingCostAmount ?? 0,
        Adjustments = s.AdjustmentAmount ?? 0,
        Settlement = s.SettlementAmount ?? 0,
        PaymentStatus = s.PaymentStatus,
        PaymentId = string.IsNullOrEmpty(s.PaymentId) ? null : s.PaymentId,
    };

    public static StoredPayment Payment(string shopId, TikTokFinancePayment p) => new()
    {
        ShopId = shopId,
        PaymentId = p.Id,
        CreateTime = p.CreateTime,
        Status = p.Status,
        Amount = p.Amount?.Value,
        Currency = p.Amount?.Currency,
        SettlementAmount = p.SettlementAmount?.Value,
        SettlementCurrency = p.SettlementAmount?.Currency,
        ReserveAmount = p.ReserveAmount?.Value,
        AmountBeforeExchange = p.PaymentAmountBeforeExchange?.Value,
        ExchangeRate = p.ExchangeRate,
        PaidTime = p.PaidTime is > 0 ? p.PaidTime : null,
        BankAccount = p.BankAccount,
    };

    public static StoredWithdrawal Withdrawal(string shopId, TikTokWithdrawal w) => new()
    {
        ShopId = shopId, WithdrawalId = w.Id, CreateTime = w.CreateTime, Type = w.Type, Amount = w.Amount, Currency = w.Currency, Status = w.Status,
    };

    /// <summary>A statement's transaction as stored: TikTok's totals and every non-zero breakdown amount.</summary>
    public static LedgerTransaction Transaction(string statementId, long statementTime, string? statementCurrency, TikTokStatementTransaction t)
    {
        var breakdown = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        FinanceAmounts.Flatten(t.RevenueBreakdown, "revenue", breakdown);
        FinanceAmounts.Flatten(t.ShippingCostBreakdown, "shipping", breakdown);
        FinanceAmounts.Flatten(t.FeeTaxBreakdown, "", breakdown);
        FinanceAmounts.Flatten(t.SupplementaryComponent, "supplementary", breakdown);
        var tidy = new SortedDictionary<string, decimal>(breakdown.ToDictionary(p => p.Key.TrimStart('.'), p => p.Value), StringComparer.Ordinal);
        return new LedgerTransaction
        {
            StatementId = statementId,
            StatementTime = statementTime,
            TransactionId = t.Id,
            Type = t.Type,
            OrderId = Blank(t.OrderId),
            AdjustmentId = Blank(t.AdjustmentId),
            AdjustmentOrderId = Blank(t.AdjustmentOrderId) ?? (t.Type == TransactionTypes.Reserve ? Blank(t.AssociatedOrderId) : null),
            OrderCreateTime = t.OrderCreateTime is > 0 ? t.OrderCreateTime : null,
            Currency = statementCurrency ?? "",
            Revenue = t.RevenueAmount ?? 0,
            GrossSales = tidy.GetValueOrDefault("revenue.subtotal_before_discount_amount"),
            ShippingCost = t.ShippingCostAmount ?? 0,
            FeeTax = t.FeeTaxAmount ?? 0,
            Adjustment = t.AdjustmentAmount ?? 0,
            Settlement = t.SettlementAmount ?? 0,
            Reserve = t.ReserveAmount ?? 0,
            ReserveStatus = Blank(t.ReserveStatus),
            Breakdown = tidy,
        };
    }

    public static SkuSettlement Sku(TikTokSkuTransaction s)
    {
        var breakdown = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        FinanceAmounts.Flatten(s.RevenueBreakdown, "revenue", breakdown);
        FinanceAmounts.Flatten(s.ShippingCostBreakdown, "shipping", breakdown);
        FinanceAmounts.Flatten(s.FeeTaxBreakdown, "", breakdown);
        var tidy = new SortedDictionary<string, decimal>(breakdown.ToDictionary(p => p.Key.TrimStart('.'), p => p.Value), StringComparer.Ordinal);
        return new SkuSettlement(s.SkuId, s.SkuName, s.ProductName, int.TryParse(s.Quantity, NumberStyles.Integer, CultureInfo.InvariantCulture, out var q) ? q : 0,
            Blank(s.StatementId), s.RevenueAmount ?? 0, s.ShippingCostAmount ?? 0, s.FeeTaxAmount ?? 0, s.SettlementAmount ?? 0, tidy);
    }

    public static PriceDetail Price(TikTokPriceDetail p) => new(
        p.Currency, p.Total, p.Payment, p.SkuListPrice, p.SkuSalePrice, p.Subtotal, p.SubtotalDeductionSeller, p.SubtotalDeductionPlatform, p.SubtotalTaxAmount,
        p.ShippingListPrice, p.ShippingSalePrice, p.ShippingFeeDeductionSeller, p.ShippingFeeDeductionPlatform, p.TaxAmount, p.TaxRate, p.NetPriceAmount, p.CodFee,
        p.LineItems.Select(l => new PriceDetailLine(l.Id, l.Payment, l.SkuSalePrice, l.SubtotalDeductionSeller, l.SubtotalDeductionPlatform, l.TaxAmount)).ToArray());

    /// <summary>
    /// The order's settlement after <paramref name="transactions"/> (new or changed) arrived: they replace earlier
    /// versions of themselves, the SKU split and price detail are replaced when given, an estimate gives way to the
    /// settlement. Gross sales are those of its ORDER transactions, on the order's creation day.
    /// </summary>
    public static OrderSettlement Settle(OrderSettlement? existing, string shopId, string orderId, IEnumerable<LedgerTransaction> transactions, OrderDetails? details, DateTimeOffset now)
    {
        var all = (existing?.Status == SettlementStatus.Settled ? existing.Transactions : [])
            .ToDictionary(t => t.TransactionId, StringComparer.Ordinal);
        foreach (var transaction in transactions)
        {
            all[transaction.TransactionId] = transaction;
        }

        var ordered = all.Values.OrderBy(t => t.StatementTime).ThenBy(t => t.TransactionId, StringComparer.Ordinal).ToArray();
        var orders = ordered.Where(t => t.Type == TransactionTypes.Order).ToArray();
        var createTime = ordered.Select(t => t.OrderCreateTime).FirstOrDefault(t => t is not null) ?? existing?.OrderCreateTime;
        var currency = ordered.Select(t => t.Currency).FirstOrDefault(c => c.Length > 0) ?? existing?.Currency;
        return new OrderSettlement
        {
            ShopId = shopId,
            OrderId = orderId,
            Status = SettlementStatus.Settled,
            Currency = currency,
            OrderCreateTime = createTime,
            Transactions = ordered,
            Skus = details?.Skus ?? existing?.Skus ?? [],
            PriceDetail = details?.PriceDetail ?? existing?.PriceDetail,
            DetailsError = details is null ? existing?.DetailsError : details.Error,
            Estimate = null,
            GrossSales = orders.Sum(t => t.GrossSales),
            GrossDay = orders.Length == 0 ? null : createTime is { } created ? UtcDay(created) : orders[0].Day,
            UpdatedAt = now,
        };
    }

    /// <summary>An unsettled order as TikTok estimates it; null when the order is settled already (the settlement wins).</summary>
    public static OrderSettlement? Unsettled(OrderSettlement? existing, string shopId, TikTokUnsettledTransaction u, DateTimeOffset now)
    {
        if (existing?.Status == SettlementStatus.Settled || string.IsNullOrEmpty(u.OrderId))
        {
            return null;
        }

        var breakdown = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        FinanceAmounts.Flatten(u.RevenueBreakdown, "revenue", breakdown);
        FinanceAmounts.Flatten(u.ShippingCostBreakdown, "shipping", breakdown);
        FinanceAmounts.Flatten(u.FeeTaxBreakdown, "", breakdown);
        var tidy = new SortedDictionary<string, decimal>(breakdown.ToDictionary(p => p.Key.TrimStart('.'), p => p.Value), StringComparer.Ordinal);
        var createTime = u.OrderCreateTime is > 0 ? u.OrderCreateTime : existing?.OrderCreateTime;
        return new OrderSettlement
        {
            ShopId = shopId,
            OrderId = u.OrderId,
            Status = SettlementStatus.Unsettled,
            Currency = u.Currency ?? existing?.Currency,
            OrderCreateTime = createTime,
            Estimate = new UnsettledEstimate(u.EstimatedSettlement, u.UnsettledReason, u.OrderDeliveryTime is > 0 ? u.OrderDeliveryTime : null, u.EstRevenueAmount ?? 0,
                u.EstShippingCostAmount ?? 0, u.EstFeeTaxAmount ?? 0, u.EstAdjustmentAmount ?? 0, u.EstSettlementAmount ?? 0, tidy),
            GrossSales = tidy.GetValueOrDefault("revenue.subtotal_before_discount_amount"),
            GrossDay = createTime is { } created ? UtcDay(created) : null,
            UpdatedAt = existing is not null && SameEstimate(existing, u) ? existing.UpdatedAt : now,
        };
    }

    private static bool SameEstimate(OrderSettlement existing, TikTokUnsettledTransaction u) =>
        existing.Estimate is { } e && e.Settlement == (u.EstSettlementAmount ?? 0) && e.Reason == u.UnsettledReason && e.EstimatedSettlement == u.EstimatedSettlement;

    /// <summary>What a transaction adds to the figures of its statement's day.</summary>
    public static DailyFigures Contribution(LedgerTransaction t) => new()
    {
        Day = t.Day,
        Currency = t.Currency,
        NetSettled = t.Settlement,
        Revenue = t.Revenue,
        Fees = t.FeeTax,
        ShippingCosts = t.ShippingCost,
        Adjustments = t.Adjustment,
        Transactions = 1,
    };

    /// <summary>What an order adds to the figures of its creation day: its gross sales and one order; null when it adds nothing.</summary>
    public static DailyFigures? Contribution(OrderSettlement? o) =>
        o is { GrossDay: { } day, Currency: { Length: > 0 } currency } ? new DailyFigures { Day = day, Currency = currency, GrossSales = o.GrossSales, Orders = 1 } : null;

    /// <summary>Adds <paramref name="figures"/> (times <paramref name="sign"/>) to the delta of its day and currency.</summary>
    public static void Add(IDictionary<(DateOnly Day, string Currency), DailyFigures> deltas, DailyFigures? figures, int sign)
    {
        if (figures is null)
        {
            return;
        }

        var key = (figures.Day, figures.Currency);
        deltas[key] = (deltas.TryGetValue(key, out var sum) ? sum : DailyFigures.Zero(figures.Day, figures.Currency)).Plus(figures, sign);
    }

    private static string Amount(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
