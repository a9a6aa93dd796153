using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace Connector.Storage;

/// <summary>Row operations shared by the stores: batched writes, deletes by partition or filter, hashed row ids.</summary>
public static class TableRows
{
    /// <summary>Table Storage's limit of actions in one transaction (one partition).</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>Deletes every row of one partition in transactions of up to 100; answers how many.</summary>
    public static async Task<int> DeletePartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken) =>
        (await DeleteWhereAsync(table, partitionKey, $"PartitionKey eq {TableKeys.Literal(partitionKey)}", ["RowKey"], cancellationToken)).Count;

    /// <summary>
    /// Deletes the rows of one partition that <paramref name="filter"/> matches (it must name that partition), in
    /// transactions of up to 100; answers them as read (only the <paramref name="select"/>ed columns when given).
    /// </summary>
    public static async Task<IReadOnlyList<TableEntity>> DeleteWhereAsync(
        TableClient table, string partitionKey, string filter, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken))
        {
            rows.Add(e);
        }

        await SubmitAsync(table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, r.RowKey), Azure.ETag.All)),
            cancellationToken);
        return rows;
    }

    /// <summary>Submits actions on one partition in transactions of up to 100 (each transaction is atomic, the whole is not).</summary>
    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var chunk in actions.Chunk(MaxTransactionActions))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    /// <summary>
    /// A row id derived from <paramref name="text"/>: <paramref name="prefix"/> and the first <paramref name="length"/>
    /// hex digits of its SHA-256. The same text always names the same row, so a repeated request (same merchant, same
    /// idempotency key) finds the first one's row, and a secret (an OAuth code) is never stored as it is.
    /// </summary>
    public static string HashedId(string prefix, string text, int length) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];
}
