using Azure.Data.Tables;

namespace Connector.Storage;

/// <summary>Bulk row operations shared by the stores.</summary>
public static class TableRows
{
    /// <summary>Deletes every row of one partition in transactions of up to 100; answers how many.</summary>
    public static async Task<int> DeletePartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(partitionKey)}", select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e.RowKey);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            await table.SubmitTransactionAsync(
                chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, k), Azure.ETag.All)), cancellationToken);
        }

        return keys.Count;
    }
}
