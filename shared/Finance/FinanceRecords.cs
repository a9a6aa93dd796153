namespace Connector.Finance;

/// <summary>A day's statement of a shop as TikTok issued it (one per day and currency).</summary>
public sealed record StoredStatement
{
    public required string ShopId { get; init; }
    public required string StatementId { get; init; }

    /// <summary>TikTok's statement_time (Unix seconds): 00:00 UTC after the day the statement covers.</summary>
    public required long StatementTime { get; init; }

    /// <summary>The UTC day whose settlements the statement holds.</summary>
    public required DateOnly Day { get; init; }
    public required string Currency { get; init; }
    public decimal Revenue { get; init; }
    public decimal NetSales { get; init; }
    public decimal Fees { get; init; }
    public decimal ShippingCosts { get; init; }
    public decimal Adjustments { get; init; }
    public decimal Settlement { get; init; }

    /// <summary>PAID, FAILED or PROCESSING.</summary>
    public string? PaymentStatus { get; init; }
    public string? PaymentId { get; init; }
}

/// <summary>A payout of TikTok to the seller's bank account.</summary>
public sealed record StoredPayment
{
    public required string ShopId { get; init; }
    public required string PaymentId { get; init; }
    public required long CreateTime { get; init; }

    /// <summary>PAID, FAILED or PROCESSING.</summary>
    public string? Status { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public decimal? SettlementAmount { get; init; }
    public string? SettlementCurrency { get; init; }
    public decimal? ReserveAmount { get; init; }
    public decimal? AmountBeforeExchange { get; init; }
    public decimal? ExchangeRate { get; init; }
    public long? PaidTime { get; init; }

    /// <summary>Masked by TikTok: only the last four digits.</summary>
    public string? BankAccount { get; init; }
}

/// <summary>A movement of the seller's TikTok balance: WITHDRAW, SETTLE, TRANSFER or REVERSE.</summary>
public sealed record StoredWithdrawal
{
    public required string ShopId { get; init; }
    public required string WithdrawalId { get; init; }
    public required long CreateTime { get; init; }
    public string? Type { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }

    /// <summary>PROCESSING, SUCCESS or FAILED.</summary>
    public string? Status { get; init; }
}

public static class TransactionTypes
{
    public const string Order = "ORDER";
    public const string Reserve = "RESERVE";
}

/// <summary>
/// One transaction of a statement (an order's settlement, an adjustment or a reserve movement) with TikTok's totals
/// and every non-zero amount of its breakdowns (<c>revenue.*</c>, <c>shipping.*</c>, <c>fee.*</c>, <c>tax.*</c>,
/// <c>supplementary.*</c>). Amounts keep TikTok's signs: fees and costs are negative.
/// </summary>
public sealed record LedgerTransaction
{
    public required string StatementId { get; init; }
    public required long StatementTime { get; init; }
    public required string TransactionId { get; init; }
    public required string Type { get; init; }
    public string? OrderId { get; init; }
    public string? AdjustmentId { get; init; }
    public string? AdjustmentOrderId { get; init; }
    public long? OrderCreateTime { get; init; }
    public required string Currency { get; init; }
    public decimal Revenue { get; init; }

    /// <summary>subtotal_before_discount_amount: the price of the items before any discount, TikTok's "gross sales".</summary>
    public decimal GrossSales { get; init; }
    public decimal ShippingCost { get; init; }
    public decimal FeeTax { get; init; }
    public decimal Adjustment { get; init; }
    public decimal Settlement { get; init; }
    public decimal Reserve { get; init; }
    public string? ReserveStatus { get; init; }
    public SortedDictionary<string, decimal> Breakdown { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The order the transaction is about: its own, or the one an adjustment or reserve names.</summary>
    public string? RelatedOrderId => !string.IsNullOrEmpty(OrderId) ? OrderId : !string.IsNullOrEmpty(AdjustmentOrderId) ? AdjustmentOrderId : null;

    public DateOnly Day => FinanceRules.StatementDay(StatementTime);
}

public enum SettlementStatus
{
    /// <summary>TikTok has settled the order: its transactions are in statements.</summary>
    Settled,

    /// <summary>Paid but not settled yet: TikTok's estimate and the reason are shown.</summary>
    Unsettled,

    /// <summary>The connector has the order but no finance record of it yet (not synced, unpaid or cancelled).</summary>
    NotSynced,
}

/// <summary>An order's settlement per SKU, from TikTok's transactions by order.</summary>
public sealed record SkuSettlement(
    string? SkuId,
    string? SkuName,
    string? ProductName,
    int Quantity,
    string? StatementId,
    decimal Revenue,
    decimal ShippingCost,
    decimal FeeTax,
    decimal Settlement,
    SortedDictionary<string, decimal> Breakdown);

/// <summary>What the buyer paid and who funded the discounts (TikTok's price detail).</summary>
public sealed record PriceDetail(
    string? Currency,
    decimal? Total,
    decimal? Payment,
    decimal? SkuListPrice,
    decimal? SkuSalePrice,
    decimal? Subtotal,
    decimal? SellerDiscount,
    decimal? PlatformDiscount,
    decimal? SubtotalTax,
    decimal? ShippingListPrice,
    decimal? ShippingSalePrice,
    decimal? ShippingSellerDiscount,
    decimal? ShippingPlatformDiscount,
    decimal? Tax,
    decimal? TaxRate,
    decimal? NetPrice,
    decimal? CodFee,
    IReadOnlyList<PriceDetailLine> Lines);

public sealed record PriceDetailLine(string LineItemId, decimal? Payment, decimal? SkuSalePrice, decimal? SellerDiscount, decimal? PlatformDiscount, decimal? Tax);

/// <summary>TikTok's estimate for an order it has not settled yet.</summary>
public sealed record UnsettledEstimate(
    string? EstimatedSettlement,
    string? Reason,
    long? DeliveryTime,
    decimal Revenue,
    decimal ShippingCost,
    decimal FeeTax,
    decimal Adjustment,
    decimal Settlement,
    SortedDictionary<string, decimal> Breakdown);

/// <summary>
/// Everything the connector knows of the money of one order: its transactions (settled) or TikTok's estimate
/// (unsettled), the SKU split, the price detail, and what it adds to the daily figures (gross sales on its creation day).
/// </summary>
public sealed record OrderSettlement
{
    public required string ShopId { get; init; }
    public required string OrderId { get; init; }
    public required SettlementStatus Status { get; init; }
    public string? Currency { get; init; }
    public long? OrderCreateTime { get; init; }
    public IReadOnlyList<LedgerTransaction> Transactions { get; init; } = [];
    public IReadOnlyList<SkuSettlement> Skus { get; init; } = [];
    public PriceDetail? PriceDetail { get; init; }

    /// <summary>Why the SKU split or price detail is missing (TikTok refused the call), with TikTok's request id.</summary>
    public string? DetailsError { get; init; }
    public UnsettledEstimate? Estimate { get; init; }

    /// <summary>The gross sales this order adds to the daily figures of <see cref="GrossDay"/> in <see cref="Currency"/>.</summary>
    public decimal GrossSales { get; init; }
    public DateOnly? GrossDay { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What arrived about an order besides its statement transactions: the SKU split and the price detail.</summary>
public sealed record OrderDetails(IReadOnlyList<SkuSettlement>? Skus, PriceDetail? PriceDetail, string? Error);

/// <summary>One shop's figures of one UTC day in one currency; every field is an amount that deltas add to.</summary>
public sealed record DailyFigures
{
    public required DateOnly Day { get; init; }
    public required string Currency { get; init; }

    /// <summary>Gross sales of orders created that day (settled and unsettled).</summary>
    public decimal GrossSales { get; init; }

    /// <summary>Orders created that day with a finance record.</summary>
    public long Orders { get; init; }

    /// <summary>Settlement of the transactions TikTok settled that day.</summary>
    public decimal NetSettled { get; init; }
    public decimal Revenue { get; init; }

    /// <summary>Fees and taxes TikTok charged on what it settled that day (negative).</summary>
    public decimal Fees { get; init; }
    public decimal ShippingCosts { get; init; }
    public decimal Adjustments { get; init; }
    public long Transactions { get; init; }

    public bool IsZero => GrossSales == 0 && Orders == 0 && NetSettled == 0 && Revenue == 0 && Fees == 0 && ShippingCosts == 0 && Adjustments == 0 && Transactions == 0;

    public DailyFigures Plus(DailyFigures other, int sign = 1) => this with
    {
        GrossSales = GrossSales + (sign * other.GrossSales),
        Orders = Orders + (sign * other.Orders),
        NetSettled = NetSettled + (sign * other.NetSettled),
        Revenue = Revenue + (sign * other.Revenue),
        Fees = Fees + (sign * other.Fees),
        ShippingCosts = ShippingCosts + (sign * other.ShippingCosts),
        Adjustments = Adjustments + (sign * other.Adjustments),
        Transactions = Transactions + (sign * other.Transactions),
    };

    public static DailyFigures Zero(DateOnly day, string currency) => new() { Day = day, Currency = currency };
}
