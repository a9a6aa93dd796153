using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Inventory;

/// <summary>One back-office stock level: a SKU's quantity at one location, as of a time.</summary>
public sealed record StockLevel(string Sku, string Location, long Quantity, DateTimeOffset AsOf);

/// <summary>What a write did with each level.</summary>
/// <param name="Lowered">The stored levels whose quantity went down (or that are new), with the quantity before (null if new).</param>
public sealed record StockWriteResult(int Stored, int IgnoredAsOlder, IReadOnlyList<(StockLevel Level, long? Before)> Lowered);

/// <summary>
/// The merchants' stock levels in table <c>StockLevels</c>: partition = merchant, row = SKU + location (escaped), with
/// the quantity and the back office's as-of time. A level older than the stored one is ignored. Writes use ETags, so
/// two concurrent requests for the same level keep the newer one.
/// </summary>
public sealed class StockLevelStore(StorageClients storage)
{
    public const string TableName = "StockLevels";
    private const int PointReadLimit = 200;
    private const int ReadConcurrency = 16;
    private const int Attempts = OptimisticConcurrency.MaxAttempts * 2;

    public static string RowKey(string sku, string location) => Part(sku) + "|" + Part(location);

    private static string Part(string value) => TableKeys.Escape(value).Replace("|", "%7C", StringComparison.Ordinal);

    /// <summary>Stores the levels (at most one per SKU and location: the caller keeps the newest).</summary>
    public async Task<StockWriteResult> WriteAsync(string merchantId, IReadOnlyCollection<StockLevel> levels, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(merchantId);
        var pending = levels.ToDictionary(l => RowKey(l.Sku, l.Location));
        var stored = 0;
        var older = 0;
        var lowered = new ConcurrentBag<(StockLevel, long?)>();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var existing = await ReadAsync(table, partition, pending.Keys, cancellationToken);
            var actions = new List<(TableTransactionAction Action, StockLevel Level, long? Before)>();
            foreach (var (key, level) in pending)
            {
                if (existing.TryGetValue(key, out var current))
                {
                    if (level.AsOf < current.AsOf)
                    {
                        older++;
                        continue;
                    }

                    actions.Add((new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(partition, key, level), current.ETag), level, current.Quantity));
                }
                else
                {
                    actions.Add((new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, key, level)), level, null));
                }
            }

            var conflicted = new Dictionary<string, StockLevel>();
            foreach (var chunk in actions.Chunk(100))
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(c => c.Action), cancellationToken);
                    stored += chunk.Length;
                    foreach (var c in chunk.Where(c => c.Before is null || c.Level.Quantity < c.Before))
                    {
                        lowered.Add((c.Level, c.Before));
                    }
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
                {
                    // Someone wrote one of these levels in between: read them again and decide again.
                    foreach (var c in chunk)
                    {
                        conflicted[c.Action.Entity.RowKey] = c.Level;
                    }
                }
            }

            pending = conflicted;
            if (pending.Count > 0)
            {
                await OptimisticConcurrency.BackOffAsync(attempt, cancellationToken);
            }
        }

        return new StockWriteResult(stored, older, lowered.ToArray());
    }

    /// <summary>Every level of a merchant (the push reads them all).</summary>
    public async Task<IReadOnlyList<StockLevel>> ListAsync(string merchantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var levels = new List<StockLevel>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(merchantId))}", cancellationToken: cancellationToken))
        {
            levels.Add(FromEntity(e).Level);
        }

        return levels;
    }

    /// <summary>One SKU's levels at every location.</summary>
    public async Task<IReadOnlyList<StockLevel>> ListSkuAsync(string merchantId, string sku, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var from = Part(sku) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(merchantId)} and RowKey ge {from} and RowKey lt {Part(sku) + "}"}");
        var levels = new List<StockLevel>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            levels.Add(FromEntity(e).Level);
        }

        return levels;
    }

    private static async Task<Dictionary<string, (long Quantity, DateTimeOffset AsOf, ETag ETag)>> ReadAsync(
        TableClient table, string partition, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, (long, DateTimeOffset, ETag)>(StringComparer.Ordinal);
        if (keys.Count > PointReadLimit)
        {
            // Many levels: one scan of the merchant's partition is cheaper than thousands of point reads.
            var wanted = keys.ToHashSet(StringComparer.Ordinal);
            await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(partition)}", cancellationToken: cancellationToken))
            {
                if (wanted.Contains(e.RowKey))
                {
                    var (level, etag) = FromEntity(e);
                    found[e.RowKey] = (level.Quantity, level.AsOf, etag);
                }
            }

            return new(found, StringComparer.Ordinal);
        }

        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: ct);
            if (response.HasValue)
            {
                var (level, etag) = FromEntity(response.Value!);
                found[key] = (level.Quantity, level.AsOf, etag);
            }
        });
        return new(found, StringComparer.Ordinal);
    }

    private static TableEntity ToEntity(string partition, string rowKey, StockLevel level) => new(partition, rowKey)
    {
        ["Sku"] = level.Sku,
        ["Location"] = level.Location,
        ["Quantity"] = level.Quantity,
        ["AsOf"] = level.AsOf,
    };

    private static (StockLevel Level, ETag ETag) FromEntity(TableEntity e) =>
        (new StockLevel(e.GetString("Sku") ?? "", e.GetString("Location") ?? "", e.GetInt64("Quantity") ?? 0, e.GetDateTimeOffset("AsOf") ?? default), e.ETag);
}
