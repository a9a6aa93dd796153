using Connector.TikTok.Api;

namespace Connector.Testing;

/// <summary>The finance calls, passed through like the others.</summary>
public abstract partial class DelegatingShopClient
{
    public virtual Task<TikTokStatementPage> GetStatementsAsync(TikTokShopRef shop, long? statementTimeGe, long? statementTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        inner.GetStatementsAsync(shop, statementTimeGe, statementTimeLt, pageToken, pageSize, cancellationToken);

    public virtual Task<TikTokPaymentPage> GetPaymentsAsync(TikTokShopRef shop, long? createTimeGe, long? createTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        inner.GetPaymentsAsync(shop, createTimeGe, createTimeLt, pageToken, pageSize, cancellationToken);

    public virtual Task<TikTokWithdrawalPage> GetWithdrawalsAsync(TikTokShopRef shop, long? createTimeGe, long? createTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        inner.GetWithdrawalsAsync(shop, createTimeGe, createTimeLt, pageToken, pageSize, cancellationToken);

    public virtual Task<TikTokStatementTransactionPage> GetStatementTransactionsAsync(TikTokShopRef shop, string statementId, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        inner.GetStatementTransactionsAsync(shop, statementId, pageToken, pageSize, cancellationToken);

    public virtual Task<TikTokOrderTransactions> GetOrderStatementTransactionsAsync(TikTokShopRef shop, string orderId, CancellationToken cancellationToken) =>
        inner.GetOrderStatementTransactionsAsync(shop, orderId, cancellationToken);

    public virtual Task<TikTokUnsettledPage> GetUnsettledTransactionsAsync(TikTokShopRef shop, long? searchTimeGe, long? searchTimeLt, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        inner.GetUnsettledTransactionsAsync(shop, searchTimeGe, searchTimeLt, pageToken, pageSize, cancellationToken);

    public virtual Task<TikTokPriceDetail> GetPriceDetailAsync(TikTokShopRef shop, string orderId, CancellationToken cancellationToken) =>
        inner.GetPriceDetailAsync(shop, orderId, cancellationToken);
}
