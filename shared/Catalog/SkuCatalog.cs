using System.Collections.Concurrent;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Catalog;

public sealed record CatalogSku(string Sku, string? Name);

/// <summary>
/// The merchant's SKU catalog (table <c>Skus</c>, partition = merchant, row = escaped SKU). An order whose seller SKUs
/// are not all here is Pending. Known SKUs are cached in memory; SKUs are never removed from a catalog, so the cache
/// cannot go stale in a harmful way.
/// </summary>
public sealed class SkuCatalog(StorageClients storage)
{
    public const string TableName = "Skus";
    public const int MaxPerRequest = 1000;
    private const int ReadConcurrency = 16;
    private const int CacheLimit = 200_000;

    private readonly ConcurrentDictionary<(string Merchant, string Sku), bool> known = new();

    public async Task UpsertAsync(string merchantId, IReadOnlyCollection<CatalogSku> skus, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        foreach (var chunk in skus.Chunk(100))
        {
            var actions = chunk.Select(s => new TableTransactionAction(
                TableTransactionActionType.UpsertReplace,
                new TableEntity(TableKeys.Escape(merchantId), TableKeys.Escape(s.Sku)) { ["Sku"] = s.Sku, ["Name"] = s.Name }));
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }

        if (known.Count < CacheLimit)
        {
            foreach (var sku in skus)
            {
                known[(merchantId, sku.Sku)] = true;
            }
        }
    }

    /// <summary>Which of these SKUs the merchant's catalog lacks.</summary>
    public async Task<IReadOnlySet<string>> MissingAsync(string merchantId, IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var unknown = skus.Distinct(StringComparer.Ordinal).Where(s => !known.ContainsKey((merchantId, s))).ToArray();
        if (unknown.Length == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var table = await storage.TableAsync(TableName, cancellationToken);
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            unknown,
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (sku, ct) =>
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(merchantId), TableKeys.Escape(sku), ["Sku"], ct);
                if (found.HasValue)
                {
                    if (known.Count < CacheLimit)
                    {
                        known[(merchantId, sku)] = true;
                    }
                }
                else
                {
                    missing.Add(sku);
                }
            });
        return missing.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<int> CountAsync(string merchantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(merchantId))}", select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }
}
