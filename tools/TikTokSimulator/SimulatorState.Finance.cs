using System.Globalization;

namespace TikTokSimulator;

/// <summary>
/// TikTok's money side for the simulator's orders: settlement transactions grouped into daily statements (one per day
/// and currency; a statement's <c>statement_time</c> is 00:00 UTC after its day, when TikTok generates it), a payment and
/// a SETTLE withdrawal per statement, SKU-level transactions per order, unsettled estimates and each order's price
/// detail. Every amount is computed from the order when it settles and split to the cent, so order, SKU, statement,
/// payment and withdrawal totals add up exactly.
/// </summary>
public sealed partial class SimulatorState
{
    /// <summary>Referral fee the simulator charges on revenue (9%, as TikTok Shop UK).</summary>
    public const decimal ReferralRate = 0.09m;

    /// <summary>Transaction fee on revenue plus buyer-paid shipping.</summary>
    public const decimal TransactionFeeRate = 0.015m;

    /// <summary>VAT TikTok charges on its fees.</summary>
    public const decimal FeeVatRate = 0.20m;

    /// <summary>A shipping label bought through TikTok: a base price and a price per unit.</summary>
    public const decimal LabelBase = 2.50m;
    public const decimal LabelPerUnit = 0.25m;

    /// <summary>A statement is paid this long after TikTok generated it.</summary>
    public static readonly TimeSpan PaymentDelay = TimeSpan.FromDays(1);

    private static readonly string[] SettleableStatuses = ["DELIVERED", "COMPLETED"];

    private readonly Dictionary<string, SimFinance> finance = new(StringComparer.Ordinal);

    /// <summary>
    /// Settles the shop's delivered and completed orders that are not settled yet (or just <paramref name="orderIds"/>):
    /// each at <paramref name="at"/> (default now), or, with <paramref name="afterCreate"/>, that long after its creation
    /// (orders for which that is still in the future stay unsettled). Answers the transactions created.
    /// </summary>
    public IReadOnlyList<SimTransaction> SettleOrders(string shopId, IReadOnlyCollection<string>? orderIds = null, DateTimeOffset? at = null, TimeSpan? afterCreate = null)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var books = Books(shop);
            var created = new List<SimTransaction>();
            var candidates = orderIds is null
                ? shop.Orders.Values.Where(o => SettleableStatuses.Contains(o.Status))
                : orderIds.Select(id => Order(shop, id));
            foreach (var order in candidates.OrderBy(o => o.CreateTime).ThenBy(o => o.Id, StringComparer.Ordinal).ToList())
            {
                if (books.SettledOrders.Contains(order.Id))
                {
                    continue;
                }

                if (order.Status is "UNPAID" or "CANCELLED")
                {
                    throw SimException.BadRequest($"order {order.Id} is {order.Status} and cannot settle");
                }

                var time = afterCreate is { } delay ? DateTimeOffset.FromUnixTimeSeconds(order.CreateTime) + delay : at ?? Now;
                if (time > Now)
                {
                    continue;
                }

                var transaction = OrderTransaction(shop, order, NextStatement(books, time, order.Payment.Currency));
                books.SettledOrders.Add(order.Id);
                created.Add(transaction);
            }

            return created;
        }
    }

    /// <summary>An adjustment (e.g. SHIPPING_FEE_COMPENSATION, PLATFORM_PENALTY) settled at <paramref name="at"/>, optionally about an order.</summary>
    public SimTransaction AddAdjustment(string shopId, string type, decimal amount, string? orderId = null, DateTimeOffset? at = null, string? currency = null)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var order = orderId is null ? null : Order(shop, orderId);
            var statement = NextStatement(Books(shop), at ?? Now, currency ?? order?.Payment.Currency ?? shop.Currency);
            var id = "1636" + NextId().ToString("D15", CultureInfo.InvariantCulture);
            var transaction = new SimTransaction
            {
                Id = id, Type = type, AdjustmentId = "7238" + NextId().ToString("D15", CultureInfo.InvariantCulture), AdjustmentOrderId = order?.Id,
                OrderCreateTime = order?.CreateTime, Currency = statement.Currency, StatementId = statement.Id, SettleTime = statement.SettleTime,
                Adjustment = amount,
            };
            statement.Transactions.Add(transaction);
            return transaction;
        }
    }

    /// <summary>Test helper: the order (and its lines) in another currency, as a cross-border sale.</summary>
    public void SetOrderCurrency(string shopId, string orderId, string currency)
    {
        lock (gate)
        {
            var order = Order(Shop(shopId), orderId);
            order.Payment.Currency = currency;
            foreach (var line in order.LineItems.ToList())
            {
                var index = order.LineItems.IndexOf(line);
                order.LineItems[index] = new SimLineItem
                {
                    Id = line.Id, SkuId = line.SkuId, SellerSku = line.SellerSku, ProductId = line.ProductId, ProductName = line.ProductName, SkuName = line.SkuName,
                    SalePrice = line.SalePrice, OriginalPrice = line.OriginalPrice, Currency = currency, DisplayStatus = line.DisplayStatus, PackageId = line.PackageId,
                    CancelReason = line.CancelReason, IsGift = line.IsGift,
                };
            }
        }
    }

    /// <summary>What TikTok settled for the shop so far: every statement (closed or not) with its transactions.</summary>
    public IReadOnlyList<SimStatement> Statements(string shopId)
    {
        lock (gate)
        {
            return Books(Shop(shopId)).Statements.Values.OrderBy(s => s.StatementTime).ThenBy(s => s.Currency, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>The settlement of an order as TikTok paid it: the sum of its transactions (adjustments included), or null when it has none.</summary>
    public decimal? SettledAmount(string shopId, string orderId)
    {
        lock (gate)
        {
            var transactions = OrderTransactions(Books(Shop(shopId)), orderId).ToList();
            return transactions.Count == 0 ? null : transactions.Sum(t => t.Settlement);
        }
    }

    // ---------- Open API reads (called by the endpoints inside the lock) ----------

    /// <summary>Statements TikTok has generated (statement_time reached): one per day and currency.</summary>
    internal IEnumerable<SimStatement> GeneratedStatements(SimShop shop) =>
        Books(shop).Statements.Values.Where(s => s.StatementTime <= UnixNow && s.Transactions.Count > 0);

    internal SimStatement GeneratedStatement(SimShop shop, string statementId) =>
        GeneratedStatements(shop).FirstOrDefault(s => s.Id == statementId) ?? throw SimException.BadRequest($"statement {statementId} does not exist");

    /// <summary>PAID once <see cref="PaymentDelay"/> after its statement was generated, PROCESSING before.</summary>
    internal string PaymentStatus(SimStatement statement) => statement.StatementTime + (long)PaymentDelay.TotalSeconds <= UnixNow ? "PAID" : "PROCESSING";

    internal long? PaidTime(SimStatement statement) => PaymentStatus(statement) == "PAID" ? statement.StatementTime + (long)PaymentDelay.TotalSeconds : null;

    internal IEnumerable<SimTransaction> OrderTransactions(SimShop shop, string orderId) => OrderTransactions(Books(shop), orderId);

    /// <summary>
    /// Paid orders of the shop not in a generated statement yet (not settled, or settled today: TikTok shows them in
    /// tomorrow's statement), with their estimates.
    /// </summary>
    internal IEnumerable<(SimOrder Order, SimTransaction Estimate)> Unsettled(SimShop shop)
    {
        var settled = GeneratedStatements(shop).SelectMany(s => s.Transactions).Where(t => t.Type == "ORDER").Select(t => t.OrderId).ToHashSet(StringComparer.Ordinal);
        foreach (var order in shop.Orders.Values.Where(o => o.Status is not ("UNPAID" or "CANCELLED") && !settled.Contains(o.Id)))
        {
            yield return (order, Compute(shop, order, "estimate", "", 0));
        }
    }

    /// <summary>The ids of the orders TikTok lists as unsettled now.</summary>
    public IReadOnlyList<string> UnsettledOrderIds(string shopId)
    {
        lock (gate)
        {
            return Unsettled(Shop(shopId)).Select(u => u.Order.Id).ToList();
        }
    }

    internal SimOrder PricedOrder(SimShop shop, string orderId) =>
        shop.Orders.TryGetValue(orderId, out var order) ? order : throw new SimException(400, 21008111, "The order or package does not belong to the current seller.");

    // ---------- settlement arithmetic ----------

    private SimFinance Books(SimShop shop) => finance.TryGetValue(shop.Id, out var books) ? books : finance[shop.Id] = new SimFinance();

    private static IEnumerable<SimTransaction> OrderTransactions(SimFinance books, string orderId) =>
        books.Statements.Values.SelectMany(s => s.Transactions).Where(t => t.OrderId == orderId || t.AdjustmentOrderId == orderId);

    /// <summary>The statement of the UTC day of <paramref name="time"/> in a currency (created on first use).</summary>
    private SimStatement NextStatement(SimFinance books, DateTimeOffset time, string currency)
    {
        var day = new DateTimeOffset(time.UtcDateTime.Date, TimeSpan.Zero);
        var statementTime = day.AddDays(1).ToUnixTimeSeconds();
        if (!books.Statements.TryGetValue((statementTime, currency), out var statement))
        {
            statement = new SimStatement
            {
                Id = "7238" + NextId().ToString("D15", CultureInfo.InvariantCulture),
                PaymentId = "3459" + NextId().ToString("D15", CultureInfo.InvariantCulture),
                WithdrawalId = "WD" + NextId().ToString("D15", CultureInfo.InvariantCulture),
                StatementTime = statementTime,
                SettleTime = day.ToUnixTimeSeconds(),
                Currency = currency,
            };
            books.Statements[(statementTime, currency)] = statement;
        }

        return statement;
    }

    private SimTransaction OrderTransaction(SimShop shop, SimOrder order, SimStatement statement)
    {
        var transaction = Compute(shop, order, "1636" + NextId().ToString("D15", CultureInfo.InvariantCulture), statement.Id, statement.SettleTime);
        statement.Transactions.Add(transaction);
        return transaction;
    }

    /// <summary>The order's settlement: revenue, shipping, fees and taxes, split per SKU to the cent.</summary>
    private SimTransaction Compute(SimShop shop, SimOrder order, string id, string statementId, long settleTime)
    {
        var gross = order.LineItems.Sum(l => l.OriginalPrice);
        var sellerDiscount = order.Payment.SellerDiscount;
        var refunded = shop.Returns.Values.Where(r => r.OrderId == order.Id && r.Status is ReturnSuccess or ReturnComplete).Sum(r => r.RefundSubtotal);
        var revenue = gross - sellerDiscount - refunded;
        var label = LabelBase + (LabelPerUnit * order.LineItems.Count);
        var referral = -Cents(revenue * ReferralRate);
        var transactionFee = -Cents((revenue + order.Payment.ShippingFee) * TransactionFeeRate);
        var vat = Cents((referral + transactionFee) * FeeVatRate);
        var components = new SimAmounts
        {
            SubtotalBeforeDiscount = gross, SellerDiscount = -sellerDiscount, RefundSubtotal = -refunded,
            ActualShippingFee = -label, CustomerPaidShippingFee = order.Payment.ShippingFee,
            ReferralFee = referral, TransactionFee = transactionFee, Vat = vat,
            CustomerPayment = order.Payment.TotalAmount, PlatformDiscount = order.Payment.PlatformDiscount, SalesTax = shop.Region == "US" ? order.Payment.Tax : 0m,
        };
        var transaction = new SimTransaction
        {
            Id = id, Type = "ORDER", OrderId = order.Id, OrderCreateTime = order.CreateTime, Currency = order.Payment.Currency, StatementId = statementId,
            SettleTime = settleTime, Amounts = components,
            DeliveryTime = SettleableStatuses.Contains(order.Status) ? order.UpdateTime : null,
            Reason = SettleableStatuses.Contains(order.Status) ? "in settlement period" : "waiting for delivery",
        };

        // Per SKU: each component split by the SKU's share of the gross, the last SKU taking the remainder.
        var skus = order.LineItems.GroupBy(l => l.SkuId, StringComparer.Ordinal).ToList();
        var remaining = components;
        for (var i = 0; i < skus.Count; i++)
        {
            var lines = skus[i].ToList();
            var share = gross == 0 ? 0m : lines.Sum(l => l.OriginalPrice) / gross;
            var part = i == skus.Count - 1 ? remaining : components.Scale(share);
            remaining = remaining.Minus(part);
            transaction.Skus.Add(new SimSkuTransaction
            {
                SkuId = skus[i].Key, SkuName = lines[0].SkuName, ProductName = lines[0].ProductName, Quantity = lines.Count, Amounts = part,
            });
        }

        return transaction;
    }

    internal static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

/// <summary>One shop's finance books in the simulator.</summary>
public sealed class SimFinance
{
    public Dictionary<(long StatementTime, string Currency), SimStatement> Statements { get; } = [];

    public HashSet<string> SettledOrders { get; } = new(StringComparer.Ordinal);
}

/// <summary>A day's statement in one currency; its payment and SETTLE withdrawal share its totals.</summary>
public sealed class SimStatement
{
    public required string Id { get; init; }
    public required string PaymentId { get; init; }
    public required string WithdrawalId { get; init; }

    /// <summary>00:00 UTC after the statement's day: when TikTok generates (closes) it.</summary>
    public required long StatementTime { get; init; }

    /// <summary>00:00 UTC of the statement's day.</summary>
    public required long SettleTime { get; init; }
    public required string Currency { get; init; }
    public List<SimTransaction> Transactions { get; } = [];

    public decimal Revenue => Transactions.Sum(t => t.Revenue);
    public decimal Shipping => Transactions.Sum(t => t.Shipping);
    public decimal FeeTax => Transactions.Sum(t => t.FeeTax);
    public decimal Adjustment => Transactions.Sum(t => t.Adjustment);
    public decimal Settlement => Transactions.Sum(t => t.Settlement);
}

/// <summary>An order's settlement (type ORDER) or an adjustment, as TikTok lists it in a statement.</summary>
public sealed class SimTransaction
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public string? OrderId { get; init; }
    public string? AdjustmentId { get; init; }
    public string? AdjustmentOrderId { get; init; }
    public long? OrderCreateTime { get; init; }
    public long? DeliveryTime { get; init; }
    public string Reason { get; init; } = "";
    public required string Currency { get; init; }
    public required string StatementId { get; init; }
    public long SettleTime { get; init; }
    public SimAmounts Amounts { get; init; } = new();
    public decimal Adjustment { get; init; }
    public decimal Revenue => Amounts.Revenue;
    public decimal Shipping => Amounts.Shipping;
    public decimal FeeTax => Amounts.FeeTax;
    public decimal Settlement => Amounts.Settlement + Adjustment;
    public List<SimSkuTransaction> Skus { get; } = [];
}

public sealed class SimSkuTransaction
{
    public required string SkuId { get; init; }
    public string SkuName { get; init; } = "";
    public string ProductName { get; init; } = "";
    public int Quantity { get; init; }
    public required SimAmounts Amounts { get; init; }
}

/// <summary>The breakdown components of a settlement; revenue, shipping and fees are sums of them.</summary>
public sealed record SimAmounts
{
    public decimal SubtotalBeforeDiscount { get; init; }
    public decimal SellerDiscount { get; init; }
    public decimal RefundSubtotal { get; init; }
    public decimal ActualShippingFee { get; init; }
    public decimal CustomerPaidShippingFee { get; init; }
    public decimal ReferralFee { get; init; }
    public decimal TransactionFee { get; init; }
    public decimal Vat { get; init; }
    public decimal CustomerPayment { get; init; }
    public decimal PlatformDiscount { get; init; }
    public decimal SalesTax { get; init; }

    public decimal Revenue => SubtotalBeforeDiscount + SellerDiscount + RefundSubtotal;
    public decimal Shipping => ActualShippingFee + CustomerPaidShippingFee;
    public decimal FeeTax => ReferralFee + TransactionFee + Vat;
    public decimal Settlement => Revenue + Shipping + FeeTax;

    public SimAmounts Scale(decimal share) => Map(this, v => SimulatorState.Cents(v * share));

    public SimAmounts Minus(SimAmounts other) => new()
    {
        SubtotalBeforeDiscount = SubtotalBeforeDiscount - other.SubtotalBeforeDiscount, SellerDiscount = SellerDiscount - other.SellerDiscount,
        RefundSubtotal = RefundSubtotal - other.RefundSubtotal, ActualShippingFee = ActualShippingFee - other.ActualShippingFee,
        CustomerPaidShippingFee = CustomerPaidShippingFee - other.CustomerPaidShippingFee, ReferralFee = ReferralFee - other.ReferralFee,
        TransactionFee = TransactionFee - other.TransactionFee, Vat = Vat - other.Vat, CustomerPayment = CustomerPayment - other.CustomerPayment,
        PlatformDiscount = PlatformDiscount - other.PlatformDiscount, SalesTax = SalesTax - other.SalesTax,
    };

    private static SimAmounts Map(SimAmounts a, Func<decimal, decimal> f) => new()
    {
        SubtotalBeforeDiscount = f(a.SubtotalBeforeDiscount), SellerDiscount = f(a.SellerDiscount), RefundSubtotal = f(a.RefundSubtotal),
        ActualShippingFee = f(a.ActualShippingFee), CustomerPaidShippingFee = f(a.CustomerPaidShippingFee), ReferralFee = f(a.ReferralFee),
        TransactionFee = f(a.TransactionFee), Vat = f(a.Vat), CustomerPayment = f(a.CustomerPayment), PlatformDiscount = f(a.PlatformDiscount), SalesTax = f(a.SalesTax),
    };
}
