using Azure;
using Azure.Data.Tables;

namespace Connector.Storage;

/// <summary>
/// The one lease on a table row: "one of these at a time, across every instance". Taken by insert, or by an
/// ETag-checked replace once the holder's time ran out; released by an ETag-checked delete, so a holder whose time
/// ran out never removes its successor's lease. Used for the token refresh per authorization, the inventory push per
/// shop and the inventory stock-out marker. (A worker with resumable progress, the order pull and the finance sync,
/// keeps its lease inside its checkpoint row instead, so that the page token and the lease move in one write:
/// <see cref="CheckpointTable{T}"/>.)
/// </summary>
public static class TableLease
{
    /// <summary>Takes the lease row until <paramref name="until"/>; null when another holder's time has not run out.</summary>
    public static async Task<Held?> TryAcquireAsync(TableClient table, string partitionKey, string rowKey, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var owner = Guid.NewGuid().ToString("N");
        var entity = new TableEntity(partitionKey, rowKey) { ["Owner"] = owner, ["Until"] = until };
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        try
        {
            if (!existing.HasValue)
            {
                var added = await table.AddEntityAsync(entity, cancellationToken);
                return new Held(table, partitionKey, rowKey, owner, until, added.Headers.ETag ?? ETag.All);
            }

            if (existing.Value!.GetDateTimeOffset("Until") is { } held && held > now)
            {
                return null;
            }

            var replaced = await table.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return new Held(table, partitionKey, rowKey, owner, until, replaced.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null; // another instance took it between our read and our write
        }
    }

    /// <summary>Waits for the lease, polling, until <paramref name="waitTimeout"/>; a <see cref="TimeoutException"/> is transient.</summary>
    public static async Task<Held> AcquireAsync(
        TableClient table, string partitionKey, string rowKey, TimeSpan duration, TimeSpan waitTimeout, TimeSpan pollInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + waitTimeout;
        while (true)
        {
            var now = time.GetUtcNow();
            if (await TryAcquireAsync(table, partitionKey, rowKey, now, now + duration, cancellationToken) is { } held)
            {
                return held;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The lease {partitionKey}/{rowKey} in table {table.Name} stayed taken.");
            }

            await Task.Delay(pollInterval, time, cancellationToken);
        }
    }

    /// <summary>A lease this instance holds; disposing it releases it (unless it expired and was taken over).</summary>
    public sealed class Held(TableClient table, string partitionKey, string rowKey, string owner, DateTimeOffset until, ETag etag) : IAsyncDisposable
    {
        public string Owner { get; } = owner;

        public DateTimeOffset Until { get; } = until;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await table.DeleteEntityAsync(partitionKey, rowKey, etag, CancellationToken.None);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Expired and taken over by another holder: theirs now.
            }
        }
    }
}
