using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Listings;

/// <summary>A catalog product as stored, with what the listing push needs to know about it.</summary>
public sealed record StoredCatalogProduct(CatalogProduct Product, string Hash, bool Deleted, long Sequence, DateTimeOffset UpdatedAt);

/// <summary>
/// The merchants' catalogs in table <c>ListingCatalog</c>: partition = merchant, row = the merchant's product id. Each row
/// keeps the product (JSON), its fingerprint, a sequence (when the product first came in: the order TikTok's daily
/// limit lets products through) and a tombstone when the merchant removed it. Writing an unchanged product is skipped.
/// </summary>
public sealed class CatalogStore(StorageClients storage, TimeProvider time)
{
    public const string TableName = "ListingCatalog";

    /// <summary>
    /// Stores the products; answers the ids that are new or changed (an identical product is not written again).
    /// A product removed earlier and sent again counts as new.
    /// </summary>
    public async Task<IReadOnlyList<(string ProductId, long Sequence)>> UpsertAsync(string merchantId, IReadOnlyList<CatalogProduct> products, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(merchantId);
        var existing = new ConcurrentDictionary<string, TableEntity?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (product, ct) =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, TableKeys.Escape(product.Id), select: ["Hash", "Deleted", "Sequence"], cancellationToken: ct);
            existing[product.Id] = found.HasValue ? found.Value : null;
        });

        var now = time.GetUtcNow();
        var changed = new List<(string, long)>();
        var actions = new List<TableTransactionAction>();
        var sequence = now.UtcTicks;
        foreach (var product in products)
        {
            var hash = product.Hash();
            var before = existing[product.Id];
            if (before is not null && before.GetString("Hash") == hash && before.GetBoolean("Deleted") != true)
            {
                continue;
            }

            var productSequence = before?.GetInt64("Sequence") is { } kept && before.GetBoolean("Deleted") != true ? kept : sequence++;
            changed.Add((product.Id, productSequence));
            var entity = new TableEntity(partition, TableKeys.Escape(product.Id))
            {
                ["ProductId"] = product.Id,
                ["Hash"] = hash,
                ["Deleted"] = false,
                ["Sequence"] = productSequence,
                ["UpdatedAt"] = now,
            };
            TableRows.WriteChunks(entity, JsonSerializer.Serialize(product, CatalogJson.Options), JsonColumns("Json"));
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        }

        await TableRows.SubmitAsync(table, actions, cancellationToken);

        return changed;
    }

    /// <summary>Marks a product removed (kept as a tombstone so listings can follow); its sequence, or null when there was none.</summary>
    public async Task<long?> RemoveAsync(string merchantId, string productId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(merchantId), TableKeys.Escape(productId), select: ["Deleted", "Sequence"], cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value!.GetBoolean("Deleted") == true)
        {
            return null;
        }

        await table.UpdateEntityAsync(new TableEntity(TableKeys.Escape(merchantId), TableKeys.Escape(productId)) { ["Deleted"] = true, ["UpdatedAt"] = time.GetUtcNow() },
            found.Value.ETag, TableUpdateMode.Merge, cancellationToken);
        return found.Value.GetInt64("Sequence") ?? 0;
    }

    public async Task<StoredCatalogProduct?> GetAsync(string merchantId, string productId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(merchantId), TableKeys.Escape(productId), cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    /// <summary>Several products of one merchant (missing ids are left out).</summary>
    public async Task<IReadOnlyDictionary<string, StoredCatalogProduct>> GetManyAsync(string merchantId, IEnumerable<string> productIds, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, StoredCatalogProduct>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(productIds.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                if (await GetAsync(merchantId, id, ct) is { } product)
                {
                    found[id] = product;
                }
            });
        return found;
    }

    /// <summary>Every product id of a merchant with its sequence, removed ones included.</summary>
    public async Task<IReadOnlyList<(string ProductId, long Sequence)>> ListIdsAsync(string merchantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var ids = new List<(string, long)>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(merchantId))}", select: ["ProductId", "Sequence"],
            cancellationToken: cancellationToken))
        {
            ids.Add((e.GetString("ProductId") ?? TableKeys.Unescape(e.RowKey), e.GetInt64("Sequence") ?? 0));
        }

        return ids;
    }

    private static StoredCatalogProduct FromEntity(TableEntity e) => new(
        JsonSerializer.Deserialize<CatalogProduct>(TableRows.ReadChunks(e, JsonColumns("Json")), CatalogJson.Options)!,
        e.GetString("Hash") ?? "",
        e.GetBoolean("Deleted") == true,
        e.GetInt64("Sequence") ?? 0,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);

    /// <summary>The columns of a long JSON text: <c>{name}</c>, then <c>{name}1</c>, <c>{name}2</c>, ...</summary>
    internal static Func<int, string> JsonColumns(string name) => i => i == 0 ? name : name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
