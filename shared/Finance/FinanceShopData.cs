using Connector.Shops;

namespace Connector.Finance;

/// <summary>A deleted shop's finance data: its ledger, statements, payments, withdrawals and sync checkpoint.</summary>
public sealed class FinanceShopData(FinanceLedger ledger, FinanceRecordStore records, FinanceSyncCheckpointStore checkpoints) : IShopDataOwner
{
    public string Name => "finance";

    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken) =>
        await ledger.DeleteShopAsync(shopId, cancellationToken)
        + await records.DeleteShopAsync(shopId, cancellationToken)
        + (await checkpoints.DeleteAsync(shopId, cancellationToken) ? 1 : 0);
}
