using Azure;
using Azure.Data.Tables;

namespace Connector.Storage;

/// <summary>
/// The one way to keep a request row under its idempotency key: <see cref="AddOrGetAsync"/> inserts it, or answers the
/// row stored under that key (a retried request finds its first answer); <see cref="ReplaceAsync"/> replaces a row read
/// earlier only if nobody changed it since (<see cref="ConcurrencyConflictException"/> otherwise).
/// </summary>
public static class VersionedRows
{
    /// <summary>The stored row (with its ETag) and whether this call created it.</summary>
    public static async Task<(TableEntity Stored, bool Created)> AddOrGetAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            entity.ETag = response.Headers.ETag ?? default;
            return (entity, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            return existing.HasValue
                ? (existing.Value!, false)
                : throw new ConcurrencyConflictException($"Row {entity.RowKey} was added and removed by someone else meanwhile.", e);
        }
    }

    /// <summary>Replaces <paramref name="entity"/> if it still has the ETag it was read with; answers the new ETag.</summary>
    public static async Task<ETag> ReplaceAsync(TableClient table, TableEntity entity, ETag read, string what, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(entity, read, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"{what} was changed by someone else.", e);
        }
    }
}
