using Azure;
using Azure.Data.Tables;

namespace Connector.Storage;

/// <summary>
/// A worker's resumable progress with the lease in the same row, so the progress (page tokens, watermarks) and the
/// lease move in one ETag-checked write: a worker that lost the lease can never store its progress over its successor's.
/// </summary>
public abstract record LeasedCheckpoint
{
    /// <summary>Who holds the lease (a random id per attempt); null when nobody does.</summary>
    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public ETag? ETag { get; init; }

    /// <summary>Another holder's time has not run out.</summary>
    public bool LeaseHeld(DateTimeOffset now) => LeaseOwner is not null && LeaseUntil > now;
}

/// <summary>What <see cref="CheckpointTable{T}.TryLeaseAsync"/> found.</summary>
public enum CheckpointLeaseRefusal
{
    None,

    /// <summary>Another worker holds the lease and its time has not run out.</summary>
    Held,

    /// <summary>Another worker wrote the row between our read and our write.</summary>
    Raced,
}

/// <summary>The checkpoint as leased (null when refused) and this attempt's lease owner id.</summary>
public sealed record CheckpointLease<T>(T? Checkpoint, string Owner, CheckpointLeaseRefusal Refusal)
    where T : LeasedCheckpoint;

/// <summary>
/// The one store of leased checkpoints: one row per key (partition = the escaped key, row <c>checkpoint</c>), written
/// only if unchanged since read (ETag), leased by the same write that stores progress. A capability's checkpoint store
/// derives from it and maps only its own columns (<see cref="Write"/>, <see cref="Read"/>); the lease columns
/// (<c>LeaseOwner</c>, <c>LeaseUntil</c>) are this class's. Used by the order pull and the finance sync.
/// </summary>
public abstract class CheckpointTable<T>(StorageClients storage, string tableName)
    where T : LeasedCheckpoint
{
    private const string Row = "checkpoint";

    /// <summary>The checkpoint of <paramref name="key"/>, or a new one (no ETag) when none is stored.</summary>
    public async Task<T> GetAsync(string key, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(tableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(key), Row, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return Empty(key);
        }

        var e = found.Value!;
        return Cast(((LeasedCheckpoint)Read(TableKeys.Unescape(e.PartitionKey), e)) with
        {
            LeaseOwner = e.GetString(nameof(LeasedCheckpoint.LeaseOwner)),
            LeaseUntil = e.GetDateTimeOffset(nameof(LeasedCheckpoint.LeaseUntil)),
            ETag = e.ETag,
        });
    }

    /// <summary>Writes if nobody else wrote since <paramref name="checkpoint"/> was read; answers the stored version, or null on a race.</summary>
    public async Task<T?> TrySaveAsync(T checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var table = await storage.TableAsync(tableName, cancellationToken);
        var entity = new TableEntity(TableKeys.Escape(KeyOf(checkpoint)), Row);
        Write(checkpoint, entity);
        entity[nameof(LeasedCheckpoint.LeaseOwner)] = checkpoint.LeaseOwner;
        entity[nameof(LeasedCheckpoint.LeaseUntil)] = checkpoint.LeaseUntil;
        try
        {
            var response = checkpoint.ETag is { } etag
                ? await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(entity, cancellationToken);
            return Cast(((LeasedCheckpoint)checkpoint) with { ETag = response.Headers.ETag });
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Takes the lease of <paramref name="key"/> until <paramref name="until"/> unless another holder's time has not run
    /// out, storing <paramref name="prepare"/>'s change (e.g. opening a window) in the same write.
    /// </summary>
    public async Task<CheckpointLease<T>> TryLeaseAsync(string key, DateTimeOffset now, DateTimeOffset until, Func<T, T> prepare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        var owner = Guid.NewGuid().ToString("N");
        var checkpoint = await GetAsync(key, cancellationToken);
        if (checkpoint.LeaseHeld(now))
        {
            return new CheckpointLease<T>(null, owner, CheckpointLeaseRefusal.Held);
        }

        var saved = await TrySaveAsync(Cast(((LeasedCheckpoint)prepare(checkpoint)) with { LeaseOwner = owner, LeaseUntil = until }), cancellationToken);
        return new CheckpointLease<T>(saved, owner, saved is null ? CheckpointLeaseRefusal.Raced : CheckpointLeaseRefusal.None);
    }

    /// <summary>Stores <paramref name="next"/> and keeps the lease until <paramref name="until"/>; null when another worker took it.</summary>
    public Task<T?> TryRenewAsync(T next, DateTimeOffset until, CancellationToken cancellationToken) =>
        TrySaveAsync(Cast(((LeasedCheckpoint)next) with { LeaseUntil = until }), cancellationToken);

    /// <summary>Stores <paramref name="last"/> and gives the lease up in the same write; null when another worker took it.</summary>
    public Task<T?> TrySaveAndReleaseAsync(T last, CancellationToken cancellationToken) =>
        TrySaveAsync(Cast(((LeasedCheckpoint)last) with { LeaseOwner = null, LeaseUntil = null }), cancellationToken);

    /// <summary>Gives the lease up, keeping the stored progress, if <paramref name="owner"/> still holds it (a retried message resumes at once).</summary>
    public async Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        var current = await GetAsync(key, cancellationToken);
        if (current.LeaseOwner == owner)
        {
            await TrySaveAndReleaseAsync(current, cancellationToken);
        }
    }

    /// <summary>Removes the checkpoint of <paramref name="key"/>; answers whether there was one.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(tableName, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(TableKeys.Escape(key), Row, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>A checkpoint for a key that has none stored yet.</summary>
    protected abstract T Empty(string key);

    protected abstract string KeyOf(T checkpoint);

    /// <summary>Puts the capability's own columns on the row (not the keys, the lease or the ETag).</summary>
    protected abstract void Write(T checkpoint, TableEntity row);

    /// <summary>Reads the capability's own columns of a stored row.</summary>
    protected abstract T Read(string key, TableEntity row);

    private static T Cast(LeasedCheckpoint copy) => copy as T ?? throw new InvalidOperationException("A checkpoint's copy changed its type.");
}
