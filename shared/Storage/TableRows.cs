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

    /// <summary>The most characters the stores put in one string column (a table property holds 32K UTF-16 characters).</summary>
    public const int ChunkChars = 30_000;

    /// <summary>Columns <c>{name}0</c>, <c>{name}1</c>, ... for <see cref="WriteChunks"/>.</summary>
    public static Func<int, string> Numbered(string name) => i => name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Splits a long text over columns (<paramref name="column"/> names chunk i; chunk 0 is always written), at most
    /// <paramref name="maxChunks"/> of them: what does not fit is left out.
    /// </summary>
    public static void WriteChunks(TableEntity entity, string text, Func<int, string> column, int maxChunks = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(column);
        for (int start = 0, index = 0; (start < text.Length || index == 0) && index < maxChunks; start += ChunkChars, index++)
        {
            entity[column(index)] = text.Substring(start, Math.Min(ChunkChars, text.Length - start));
        }
    }

    /// <summary>The text <see cref="WriteChunks"/> wrote: the chunks in order, up to the first column missing.</summary>
    public static string ReadChunks(TableEntity entity, Func<int, string> column, int maxChunks = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(column);
        var text = new StringBuilder();
        for (var index = 0; index < maxChunks && entity.GetString(column(index)) is { } part; index++)
        {
            text.Append(part);
        }

        return text.ToString();
    }

    /// <summary>
    /// A row id derived from <paramref name="text"/>: <paramref name="prefix"/> and the first <paramref name="length"/>
    /// hex digits of its SHA-256. The same text always names the same row, so a repeated request (same merchant, same
    /// idempotency key) finds the first one's row, and a secret (an OAuth code) is never stored as it is.
    /// </summary>
    public static string HashedId(string prefix, string text, int length) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];
}
