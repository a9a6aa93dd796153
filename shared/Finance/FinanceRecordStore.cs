using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Finance;

/// <summary>How many records of a page were new and how many changed.</summary>
public sealed record RecordCounts(int New, int Updated);

/// <summary>
/// Statements, payments and withdrawals in tables <c>FinanceStatements</c>, <c>FinancePayments</c> and
/// <c>FinanceWithdrawals</c>: partition = shop, row = <c>{time:D12}|{id}</c> (statement_time or create_time), so a period
/// is a range of rows. A record is written only when it is new or TikTok changed it (a payment going from PROCESSING to
/// PAID), so reading a page twice stores nothing twice.
/// </summary>
public sealed class FinanceRecordStore(StorageClients storage)
{
    public const string StatementsTable = "FinanceStatements";
    public const string PaymentsTable = "FinancePayments";
    public const string WithdrawalsTable = "FinanceWithdrawals";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string RowKey(long time, string id) => time.ToString("D12", CultureInfo.InvariantCulture) + "|" + TableKeys.Escape(id);

    public Task<RecordCounts> SaveStatementsAsync(string shopId, IReadOnlyList<StoredStatement> statements, CancellationToken cancellationToken) =>
        SaveAsync(StatementsTable, shopId, statements.Select(s => (RowKey(s.StatementTime, s.StatementId), JsonSerializer.Serialize(s, Json))).ToArray(), cancellationToken);

    public Task<RecordCounts> SavePaymentsAsync(string shopId, IReadOnlyList<StoredPayment> payments, CancellationToken cancellationToken) =>
        SaveAsync(PaymentsTable, shopId, payments.Select(p => (RowKey(p.CreateTime, p.PaymentId), JsonSerializer.Serialize(p, Json))).ToArray(), cancellationToken);

    public Task<RecordCounts> SaveWithdrawalsAsync(string shopId, IReadOnlyList<StoredWithdrawal> withdrawals, CancellationToken cancellationToken) =>
        SaveAsync(WithdrawalsTable, shopId, withdrawals.Select(w => (RowKey(w.CreateTime, w.WithdrawalId), JsonSerializer.Serialize(w, Json))).ToArray(), cancellationToken);

    /// <summary>The fingerprint of the totals a statement had when all its transactions were stored (null: not yet).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> TransactionFingerprintsAsync(string shopId, IReadOnlyList<StoredStatement> statements, CancellationToken cancellationToken)
    {
        var rows = await RangeAsync(StatementsTable, shopId, statements.Select(s => RowKey(s.StatementTime, s.StatementId)).ToArray(), cancellationToken);
        return statements.ToDictionary(s => s.StatementId, s => rows.TryGetValue(RowKey(s.StatementTime, s.StatementId), out var row) ? row.GetString("TransactionsSynced") : null,
            StringComparer.Ordinal);
    }

    /// <summary>Records that every transaction of the statement with these totals is in the ledger.</summary>
    public async Task MarkTransactionsSyncedAsync(string shopId, StoredStatement statement, string fingerprint, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StatementsTable, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(shopId), RowKey(statement.StatementTime, statement.StatementId)) { ["TransactionsSynced"] = fingerprint },
            TableUpdateMode.Merge, cancellationToken);
    }

    public Task<IReadOnlyList<StoredStatement>> StatementsAsync(string shopId, long fromTime, long toTime, CancellationToken cancellationToken) =>
        ListAsync<StoredStatement>(StatementsTable, shopId, fromTime, toTime, cancellationToken);

    public Task<IReadOnlyList<StoredPayment>> PaymentsAsync(string shopId, long fromTime, long toTime, CancellationToken cancellationToken) =>
        ListAsync<StoredPayment>(PaymentsTable, shopId, fromTime, toTime, cancellationToken);

    public Task<IReadOnlyList<StoredWithdrawal>> WithdrawalsAsync(string shopId, long fromTime, long toTime, CancellationToken cancellationToken) =>
        ListAsync<StoredWithdrawal>(WithdrawalsTable, shopId, fromTime, toTime, cancellationToken);

    /// <summary>Removes a shop's statements, payments and withdrawals; answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var name in new[] { StatementsTable, PaymentsTable, WithdrawalsTable })
        {
            removed += await TableRows.DeletePartitionAsync(await storage.TableAsync(name, cancellationToken), TableKeys.Escape(shopId), cancellationToken);
        }

        return removed;
    }

    private async Task<RecordCounts> SaveAsync(string tableName, string shopId, IReadOnlyList<(string RowKey, string Data)> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return new RecordCounts(0, 0);
        }

        var stored = await RangeAsync(tableName, shopId, records.Select(r => r.RowKey).ToArray(), cancellationToken);
        var table = await storage.TableAsync(tableName, cancellationToken);
        int added = 0, updated = 0;
        var changes = new List<TableTransactionAction>();
        foreach (var (rowKey, data) in records.DistinctBy(r => r.RowKey, StringComparer.Ordinal))
        {
            if (stored.TryGetValue(rowKey, out var row) && row.GetString("Data") == data)
            {
                continue;
            }

            _ = row is null ? added++ : updated++;

            // Merge keeps the columns the sync adds itself (TransactionsSynced).
            changes.Add(new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(TableKeys.Escape(shopId), rowKey) { ["Data"] = data }));
        }

        await TableRows.SubmitAsync(table, changes, cancellationToken);

        return new RecordCounts(added, updated);
    }

    /// <summary>The stored rows among <paramref name="rowKeys"/>, read with one range query over them.</summary>
    private async Task<Dictionary<string, TableEntity>> RangeAsync(string tableName, string shopId, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (rowKeys.Count == 0)
        {
            return found;
        }

        var table = await storage.TableAsync(tableName, cancellationToken);
        var first = rowKeys.Min(StringComparer.Ordinal)!;
        var last = rowKeys.Max(StringComparer.Ordinal)!;
        var wanted = rowKeys.ToHashSet(StringComparer.Ordinal);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} and RowKey ge {TableKeys.Literal(first)} and RowKey le {TableKeys.Literal(last)}";
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (wanted.Contains(row.RowKey))
            {
                found[row.RowKey] = row;
            }
        }

        return found;
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string tableName, string shopId, long fromTime, long toTime, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(tableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} "
            + $"and RowKey ge {TableKeys.Literal(fromTime.ToString("D12", CultureInfo.InvariantCulture))} "
            + $"and RowKey lt {TableKeys.Literal(toTime.ToString("D12", CultureInfo.InvariantCulture))}";
        var list = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.GetString("Data") is { Length: > 0 } data)
            {
                list.Add(JsonSerializer.Deserialize<T>(data, Json)!);
            }
        }

        return list;
    }
}
