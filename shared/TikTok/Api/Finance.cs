using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.TikTok.Api;

// TikTok's Finance API and order price detail as they come over the wire (api-reference/finance/*.spec.json,
// orders/get-price-detail.spec.json). Amounts are decimal strings read exactly; the fee, tax, shipping and revenue
// breakdowns are kept as JSON (shared/Finance flattens them), so a fee type TikTok adds later is still captured.

public sealed record TikTokStatementPage
{
    public IReadOnlyList<TikTokStatement> Statements { get; set; } = [];
    public string? NextPageToken { get; set; }
}

public sealed record TikTokStatement
{
    public string Id { get; set; } = "";

    /// <summary>When TikTok generated the statement: 00:00 UTC after the day it covers.</summary>
    public long StatementTime { get; set; }
    public decimal? SettlementAmount { get; set; }
    public string? Currency { get; set; }
    public decimal? RevenueAmount { get; set; }
    public decimal? FeeAmount { get; set; }
    public decimal? AdjustmentAmount { get; set; }
    public string? PaymentStatus { get; set; }
    public string? PaymentId { get; set; }
    public decimal? NetSalesAmount { get; set; }
    public decimal? ShippingCostAmount { get; set; }
}

public sealed record TikTokPaymentPage
{
    public IReadOnlyList<TikTokFinancePayment> Payments { get; set; } = [];
    public string? NextPageToken { get; set; }
}

public sealed record TikTokFinancePayment
{
    public long CreateTime { get; set; }
    public string Id { get; set; } = "";
    public string? Status { get; set; }
    public TikTokMoney? Amount { get; set; }
    public TikTokMoney? SettlementAmount { get; set; }
    public TikTokMoney? ReserveAmount { get; set; }
    public TikTokMoney? PaymentAmountBeforeExchange { get; set; }
    public decimal? ExchangeRate { get; set; }
    public long? PaidTime { get; set; }

    /// <summary>Masked by TikTok (last four digits only).</summary>
    public string? BankAccount { get; set; }
}

public sealed record TikTokMoney
{
    public decimal? Value { get; set; }
    public string? Currency { get; set; }
}

public sealed record TikTokWithdrawalPage : TikTokPage
{
    public IReadOnlyList<TikTokWithdrawal> Withdrawals { get; set; } = [];
}

public sealed record TikTokWithdrawal
{
    public string Id { get; set; } = "";

    /// <summary>WITHDRAW, SETTLE, TRANSFER or REVERSE.</summary>
    public string? Type { get; set; }
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }

    /// <summary>PROCESSING, SUCCESS or FAILED.</summary>
    public string? Status { get; set; }
    public long CreateTime { get; set; }
}

/// <summary>A page of GET /finance/202501/statements/{statement_id}/statement_transactions, with the statement's totals.</summary>
public sealed record TikTokStatementTransactionPage
{
    public string? NextPageToken { get; set; }
    public string? Id { get; set; }
    public long CreateTime { get; set; }
    public string? Status { get; set; }
    public string? Currency { get; set; }
    public decimal? PayableAmount { get; set; }
    public decimal? TotalReserveAmount { get; set; }
    public decimal? TotalSettlementAmount { get; set; }
    public int TotalCount { get; set; }
    public IReadOnlyList<TikTokStatementTransaction> Transactions { get; set; } = [];
}

/// <summary>An order's settlement (type ORDER), an adjustment or a reserve movement.</summary>
public sealed record TikTokStatementTransaction
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string? OrderId { get; set; }
    public long? OrderCreateTime { get; set; }
    public string? AdjustmentId { get; set; }
    public string? AdjustmentOrderId { get; set; }
    public decimal? AdjustmentAmount { get; set; }
    public decimal? SettlementAmount { get; set; }
    public decimal? RevenueAmount { get; set; }
    public JsonElement? RevenueBreakdown { get; set; }
    public decimal? ShippingCostAmount { get; set; }
    public JsonElement? ShippingCostBreakdown { get; set; }
    public decimal? FeeTaxAmount { get; set; }
    public JsonElement? FeeTaxBreakdown { get; set; }
    public JsonElement? SupplementaryComponent { get; set; }
    public string? ReserveId { get; set; }
    public decimal? ReserveAmount { get; set; }
    public string? AssociatedOrderId { get; set; }
    public string? ReserveStatus { get; set; }
}

/// <summary>GET /finance/202501/orders/{order_id}/statement_transactions: the order's settlement per SKU.</summary>
public sealed record TikTokOrderTransactions
{
    public string? OrderId { get; set; }
    public long? OrderCreateTime { get; set; }
    public string? Currency { get; set; }
    public decimal? RevenueAmount { get; set; }
    public decimal? FeeAndTaxAmount { get; set; }
    public decimal? ShippingCostAmount { get; set; }
    public decimal? SettlementAmount { get; set; }
    public IReadOnlyList<TikTokSkuTransaction> SkuTransactions { get; set; } = [];
    public int TotalCount { get; set; }
}

public sealed record TikTokSkuTransaction
{
    public string? SkuId { get; set; }
    public string? SkuName { get; set; }
    public string? StatementId { get; set; }
    public string? ProductName { get; set; }

    /// <summary>A number in a string ("1").</summary>
    public string? Quantity { get; set; }
    public decimal? SettlementAmount { get; set; }
    public decimal? RevenueAmount { get; set; }
    public JsonElement? RevenueBreakdown { get; set; }
    public decimal? ShippingCostAmount { get; set; }
    public JsonElement? ShippingCostBreakdown { get; set; }
    public decimal? FeeTaxAmount { get; set; }
    public JsonElement? FeeTaxBreakdown { get; set; }
}

public sealed record TikTokUnsettledPage : TikTokPage
{
    public decimal? SumEstSettlementAmount { get; set; }
    public decimal? SumEstRevenueAmount { get; set; }
    public decimal? SumEstAdjustmentAmount { get; set; }
    public decimal? SumEstFeeAmount { get; set; }
    public IReadOnlyList<TikTokUnsettledTransaction> Transactions { get; set; } = [];
}

public sealed record TikTokUnsettledTransaction
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Status { get; set; }
    public string? Currency { get; set; }

    /// <summary>A Unix timestamp in a string once the order is delivered, else text such as "7 days after delivery".</summary>
    public string? EstimatedSettlement { get; set; }
    public string? UnsettledReason { get; set; }
    public long? OrderCreateTime { get; set; }
    public long? OrderDeliveryTime { get; set; }
    public string? OrderId { get; set; }
    public string? AdjustmentId { get; set; }
    public string? AdjustmentOrderId { get; set; }
    public decimal? EstAdjustmentAmount { get; set; }
    public decimal? EstSettlementAmount { get; set; }
    public decimal? EstRevenueAmount { get; set; }
    public JsonElement? RevenueBreakdown { get; set; }
    public decimal? EstShippingCostAmount { get; set; }
    public JsonElement? ShippingCostBreakdown { get; set; }
    public decimal? EstFeeTaxAmount { get; set; }
    public JsonElement? FeeTaxBreakdown { get; set; }
}

/// <summary>GET /order/202407/orders/{order_id}/price_detail: what the buyer paid, the discounts and the tax.</summary>
public record TikTokPriceAmounts
{
    public string? Currency { get; set; }
    public decimal? Total { get; set; }
    public decimal? Payment { get; set; }
    public decimal? SkuListPrice { get; set; }
    public decimal? SkuSalePrice { get; set; }
    public decimal? Subtotal { get; set; }
    public decimal? SubtotalDeductionSeller { get; set; }
    public decimal? SubtotalDeductionPlatform { get; set; }
    public decimal? SubtotalTaxAmount { get; set; }
    public string? VoucherDeductionPlatform { get; set; }
    public string? VoucherDeductionSeller { get; set; }
    public decimal? ShippingListPrice { get; set; }
    public decimal? ShippingSalePrice { get; set; }
    public decimal? ShippingFeeDeductionSeller { get; set; }
    public decimal? ShippingFeeDeductionPlatform { get; set; }
    public string? ShippingFeeDeductionPlatformVoucher { get; set; }
    public decimal? TaxAmount { get; set; }
    public decimal? TaxRate { get; set; }
    public decimal? NetPriceAmount { get; set; }
    public decimal? CodFee { get; set; }
    public decimal? SkuGiftOriginalPrice { get; set; }
    public decimal? SkuGiftNetPrice { get; set; }
}

public sealed record TikTokPriceDetail : TikTokPriceAmounts
{
    public decimal? CodFeeNetAmount { get; set; }
    public IReadOnlyList<TikTokPriceDetailLine> LineItems { get; set; } = [];
}

public sealed record TikTokPriceDetailLine : TikTokPriceAmounts
{
    public string Id { get; set; } = "";
    public decimal? CodFeeAmount { get; set; }
}

/// <summary>
/// Finance amounts: decimal strings read exactly; surrounding blanks are tolerated (TikTok's own example sends "0 "),
/// an empty string reads as null.
/// </summary>
public sealed class FinanceDecimalConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => reader.GetDecimal(),
        JsonTokenType.String => Parse(reader.GetString()),
        _ => throw new JsonException($"Expected an amount, found {reader.TokenType}."),
    };

    /// <summary>A decimal string ("-12.30", "0 "); null or blank reads as null.</summary>
    /// <exception cref="JsonException">Not an amount.</exception>
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
        return decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) ? value : throw new JsonException($"'{text}' is not a decimal amount.");
    }

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Value.ToString(CultureInfo.InvariantCulture));
        }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(FinanceDecimalConverter)])]
[JsonSerializable(typeof(TikTokStatementPage))]
[JsonSerializable(typeof(TikTokPaymentPage))]
[JsonSerializable(typeof(TikTokWithdrawalPage))]
[JsonSerializable(typeof(TikTokStatementTransactionPage))]
[JsonSerializable(typeof(TikTokOrderTransactions))]
[JsonSerializable(typeof(TikTokUnsettledPage))]
[JsonSerializable(typeof(TikTokPriceDetail))]
internal sealed partial class FinanceJsonContext : JsonSerializerContext;
