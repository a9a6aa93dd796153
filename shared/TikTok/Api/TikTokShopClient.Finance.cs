using System.Globalization;
using Connector.TikTok.Http;

namespace Connector.TikTok.Api;

/// <summary>TikTok's Finance API and the order price detail (the finance capability's calls).</summary>
public partial interface ITikTokShopClient
{
    /// <summary>GET /finance/202309/statements, sorted by statement_time ascending.</summary>
    Task<TikTokStatementPage> GetStatementsAsync(TikTokShopRef shop, long? statementTimeGe, long? statementTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>GET /finance/202309/payments, sorted by create_time ascending.</summary>
    Task<TikTokPaymentPage> GetPaymentsAsync(TikTokShopRef shop, long? createTimeGe, long? createTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>GET /finance/202309/withdrawals of every type.</summary>
    Task<TikTokWithdrawalPage> GetWithdrawalsAsync(TikTokShopRef shop, long? createTimeGe, long? createTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>GET /finance/202501/statements/{statement_id}/statement_transactions, by order creation time ascending.</summary>
    Task<TikTokStatementTransactionPage> GetStatementTransactionsAsync(TikTokShopRef shop, string statementId, string? pageToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>GET /finance/202501/orders/{order_id}/statement_transactions: the order's settlement per SKU.</summary>
    Task<TikTokOrderTransactions> GetOrderStatementTransactionsAsync(TikTokShopRef shop, string orderId, CancellationToken cancellationToken);

    /// <summary>GET /finance/202507/orders/unsettled, by order creation time ascending.</summary>
    Task<TikTokUnsettledPage> GetUnsettledTransactionsAsync(TikTokShopRef shop, long? searchTimeGe, long? searchTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>GET /order/202407/orders/{order_id}/price_detail.</summary>
    Task<TikTokPriceDetail> GetPriceDetailAsync(TikTokShopRef shop, string orderId, CancellationToken cancellationToken);
}

public sealed partial class TikTokShopClient
{
    public const string StatementsPath = "/finance/202309/statements";
    public const string PaymentsPath = "/finance/202309/payments";
    public const string WithdrawalsPath = "/finance/202309/withdrawals";
    public const string StatementTransactionsPath = "/finance/202501/statements/{statement_id}/statement_transactions";
    public const string OrderTransactionsPath = "/finance/202501/orders/{order_id}/statement_transactions";
    public const string UnsettledPath = "/finance/202507/orders/unsettled";
    public const string PriceDetailPath = "/order/202407/orders/{order_id}/price_detail";

    /// <summary>Every withdrawal type TikTok lists; <c>types</c> is required.</summary>
    public static readonly string[] WithdrawalTypes = ["WITHDRAW", "SETTLE", "TRANSFER", "REVERSE"];

    /// <summary>TikTok's page size range for finance lists (default 20).</summary>
    public const int FinanceMaxPageSize = 100;

    public Task<TikTokStatementPage> GetStatementsAsync(TikTokShopRef shop, long? statementTimeGe, long? statementTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var call = FinancePage(Get(shop, StatementsPath), pageToken, pageSize, "statement_time")
            .With("statement_time_ge", Unix(statementTimeGe))
            .With("statement_time_lt", Unix(statementTimeLt));
        return sender.SendAsync(call, FinanceJsonContext.Default.TikTokStatementPage, cancellationToken);
    }

    public Task<TikTokPaymentPage> GetPaymentsAsync(TikTokShopRef shop, long? createTimeGe, long? createTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var call = FinancePage(Get(shop, PaymentsPath), pageToken, pageSize, "create_time")
            .With("create_time_ge", Unix(createTimeGe))
            .With("create_time_lt", Unix(createTimeLt));
        return sender.SendAsync(call, FinanceJsonContext.Default.TikTokPaymentPage, cancellationToken);
    }

    public Task<TikTokWithdrawalPage> GetWithdrawalsAsync(TikTokShopRef shop, long? createTimeGe, long? createTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var call = FinancePage(Get(shop, WithdrawalsPath), pageToken, pageSize, sortField: null)
            .With("types", string.Join(',', WithdrawalTypes))
            .With("create_time_ge", Unix(createTimeGe))
            .With("create_time_lt", Unix(createTimeLt));
        return sender.SendAsync(call, FinanceJsonContext.Default.TikTokWithdrawalPage, cancellationToken);
    }

    public Task<TikTokStatementTransactionPage> GetStatementTransactionsAsync(TikTokShopRef shop, string statementId, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var call = FinancePage(Get(shop, StatementTransactionsPath.Replace("{statement_id}", Segment(statementId), StringComparison.Ordinal)), pageToken, pageSize, "order_create_time");
        return sender.SendAsync(call, FinanceJsonContext.Default.TikTokStatementTransactionPage, cancellationToken);
    }

    public Task<TikTokOrderTransactions> GetOrderStatementTransactionsAsync(TikTokShopRef shop, string orderId, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, OrderTransactionsPath.Replace("{order_id}", Segment(orderId), StringComparison.Ordinal)), FinanceJsonContext.Default.TikTokOrderTransactions, cancellationToken);

    public Task<TikTokUnsettledPage> GetUnsettledTransactionsAsync(TikTokShopRef shop, long? searchTimeGe, long? searchTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var call = FinancePage(Get(shop, UnsettledPath), pageToken, pageSize, "order_create_time")
            .With("search_time_ge", Unix(searchTimeGe))
            .With("search_time_lt", Unix(searchTimeLt));
        return sender.SendAsync(call, FinanceJsonContext.Default.TikTokUnsettledPage, cancellationToken);
    }

    public Task<TikTokPriceDetail> GetPriceDetailAsync(TikTokShopRef shop, string orderId, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, PriceDetailPath.Replace("{order_id}", Segment(orderId), StringComparison.Ordinal)), FinanceJsonContext.Default.TikTokPriceDetail, cancellationToken);

    private static TikTokCall FinancePage(TikTokCall call, string? pageToken, int pageSize, string? sortField)
    {
        if (pageSize is < 1 or > FinanceMaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"A finance page has 1 to {FinanceMaxPageSize} items.");
        }

        call.With("page_size", pageSize.ToString(CultureInfo.InvariantCulture))
            .With("page_token", string.IsNullOrEmpty(pageToken) ? null : pageToken);
        return sortField is null ? call : call.With("sort_field", sortField).With("sort_order", "ASC");
    }

    private static string? Unix(long? seconds) => seconds?.ToString(CultureInfo.InvariantCulture);
}
