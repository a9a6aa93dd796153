using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Listings;

/// <summary>A shop's listing prerequisites as last checked with TikTok.</summary>
public sealed record ShopPrerequisites(DateTimeOffset CheckedAt, IReadOnlyList<PrerequisiteItem> Items, string? Error = null)
{
    /// <summary>Failed items that stop listing (everything but the daily product limit).</summary>
    public IReadOnlyList<PrerequisiteItem> Blocking => Items.Where(i => i.Failed && i.Blocks).ToArray();

    public bool Ready => Error is null && Blocking.Count == 0;
}

public sealed record PrerequisiteItem(string CheckItem, bool Failed, IReadOnlyList<string> FailReasons)
{
    /// <summary>PRODUCT_QUANTITY_LIMIT only says today's uploads are used up: creates wait for the next day, nothing else does.</summary>
    public bool Blocks => !string.Equals(CheckItem, "PRODUCT_QUANTITY_LIMIT", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Table <c>Listings</c>, partition = shop: one row per catalog product (<c>l|{product}</c>: the <see cref="ListingRecord"/>
/// as JSON, with Status, Pending and Sequence as columns for queries), an index from TikTok's product id
/// (<c>t|{tiktok product}</c>), the day's create count (<c>q|{yyyy-MM-dd}</c>), the push lease and the shop's listing
/// prerequisites. Writes of a listing check its ETag.
/// </summary>
public sealed class ListingStore(StorageClients storage)
{
    public const string TableName = "Listings";

    private static string Pk(string shopId) => TableKeys.Escape(shopId);

    private static string Rk(string productId) => "l|" + TableKeys.Escape(productId);

    private static string IndexRk(string tiktokProductId) => "t|" + TableKeys.Escape(tiktokProductId);

    public async Task<(ListingRecord? Record, ETag ETag)> GetAsync(string shopId, string productId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Pk(shopId), Rk(productId), cancellationToken: cancellationToken);
        return found.HasValue ? (FromEntity(found.Value!), found.Value!.ETag) : (null, default);
    }

    /// <summary>
    /// Writes a listing (only if unchanged since <paramref name="etag"/>, when given) and its TikTok id index; answers the
    /// row's new ETag.
    /// </summary>
    public async Task<ETag> SaveAsync(ListingRecord record, ETag? etag, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var entity = ToEntity(record);
        Response written;
        try
        {
            written = etag is { } tag && tag != default
                ? await table.UpdateEntityAsync(entity, tag, TableUpdateMode.Replace, cancellationToken)
                : await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 409)
        {
            throw new ConcurrencyConflictException($"Listing of {record.ProductId} on shop {record.ShopId} changed meanwhile", e);
        }

        if (record.TikTokProductId is { } tiktokId)
        {
            await table.UpsertEntityAsync(new TableEntity(Pk(record.ShopId), IndexRk(tiktokId)) { ["ProductId"] = record.ProductId }, TableUpdateMode.Replace, cancellationToken);
        }

        return written.Headers.ETag ?? default;
    }

    /// <summary>
    /// Writes listings of one shop in transactions of up to 100 (each row only if unchanged since its ETag, when given),
    /// without touching the TikTok id index; answers the new ETags in order. A conflict fails its whole transaction with
    /// <see cref="ConcurrencyConflictException"/> (earlier transactions stay written).
    /// </summary>
    public async Task<IReadOnlyList<ETag>> SaveManyAsync(IReadOnlyList<(ListingRecord Record, ETag ETag)> rows, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var etags = new List<ETag>(rows.Count);
        foreach (var chunk in rows.Chunk(TableRows.MaxTransactionActions))
        {
            var actions = chunk.Select(r => r.ETag != default
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(r.Record), r.ETag)
                : new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r.Record))).ToList();
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken);
                etags.AddRange(response.Value.Select(r => r.Headers.ETag ?? default));
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                throw new ConcurrencyConflictException($"A listing of shop {chunk[0].Record.ShopId} changed meanwhile", e);
            }
        }

        return etags;
    }

    /// <summary>Marks products for the next push of the shop (new ones get a row), keeping everything else of the row.</summary>
    public async Task MarkPendingAsync(string shopId, string merchantId, IReadOnlyCollection<(string ProductId, long Sequence)> products, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        foreach (var chunk in products.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                new TableEntity(Pk(shopId), Rk(p.ProductId))
                {
                    ["ProductId"] = p.ProductId, ["MerchantId"] = merchantId, ["Pending"] = true, ["Sequence"] = p.Sequence, ["PendingAt"] = DateTimeOffset.UtcNow,
                })), cancellationToken);
        }
    }

    /// <summary>The products waiting for the push, in sequence order (the order they came into the catalog).</summary>
    public async Task<IReadOnlyList<(string ProductId, long Sequence)>> PendingAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var pending = new List<(string, long)>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(Pk(shopId))} and Pending eq true", select: ["ProductId", "Sequence"],
            cancellationToken: cancellationToken))
        {
            pending.Add((e.GetString("ProductId")!, e.GetInt64("Sequence") ?? 0));
        }

        return pending.OrderBy(p => p.Item2).ThenBy(p => p.Item1, StringComparer.Ordinal).ToArray();
    }

    /// <summary>A page of a shop's listings, optionally of one status.</summary>
    public async Task<(IReadOnlyList<ListingRecord> Listings, string? ContinuationToken)> ListAsync(string shopId, ListingStatus? status, string? continuationToken, int pageSize,
        CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(Pk(shopId))} and RowKey ge 'l|' and RowKey lt 'l}}'"
            + (status is null ? "" : $" and Status eq {TableKeys.Literal(status.Value.ToString())}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(FromEntity).ToArray(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Every listing of a shop that is on TikTok (has a TikTok product id).</summary>
    public async IAsyncEnumerable<ListingRecord> ListedAsync(string shopId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(Pk(shopId))} and RowKey ge 'l|' and RowKey lt 'l}}' and OnTikTok eq true",
            cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    /// <summary>The catalog product id of a TikTok product of the shop, or null.</summary>
    public async Task<string?> ProductIdForAsync(string shopId, string tiktokProductId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Pk(shopId), IndexRk(tiktokProductId), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetString("ProductId") : null;
    }

    /// <summary>Products created today (UTC day <paramref name="day"/>).</summary>
    public async Task<int> CreatedOnAsync(string shopId, string day, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Pk(shopId), "q|" + day, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetInt32("Created") ?? 0 : 0;
    }

    /// <summary>Takes up to <paramref name="wanted"/> of the day's creates (at most <paramref name="limit"/> a day); answers how many it got.</summary>
    public async Task<int> TakeCreatesAsync(string shopId, string day, int limit, int wanted, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Pk(shopId), "q|" + day, cancellationToken: cancellationToken);
            var count = found.HasValue ? found.Value!.GetInt32("Created") ?? 0 : 0;
            var granted = Math.Max(0, Math.Min(wanted, limit - count));
            if (granted > 0)
            {
                await WriteCountAsync(table, shopId, day, count + granted, found.HasValue ? found.Value!.ETag : null, cancellationToken);
            }

            return granted;
        });
    }

    /// <summary>Gives a create back (TikTok did not take the product, so it does not count).</summary>
    public async Task GiveBackCreateAsync(string shopId, string day, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Pk(shopId), "q|" + day, cancellationToken: cancellationToken);
            if (found.HasValue && (found.Value!.GetInt32("Created") ?? 0) > 0)
            {
                await WriteCountAsync(table, shopId, day, found.Value.GetInt32("Created")!.Value - 1, found.Value.ETag, cancellationToken);
            }
        });
    }

    private static async Task WriteCountAsync(TableClient table, string shopId, string day, int count, ETag? etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Pk(shopId), "q|" + day) { ["Created"] = count };
        if (etag is { } tag)
        {
            await table.UpdateEntityAsync(entity, tag, TableUpdateMode.Replace, cancellationToken);
        }
        else
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
    }

    /// <summary>Marks the day full (TikTok said its limit is reached before the connector's count did).</summary>
    public async Task FillDayAsync(string shopId, string day, int limit, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Pk(shopId), "q|" + day) { ["Created"] = limit, ["FullByTikTok"] = true }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The shop's listings run lease until <paramref name="until"/> (one run per shop at a time); null while another run holds it.</summary>
    public async Task<TableLease.Held?> TryLeaseAsync(string shopId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await TableLease.TryAcquireAsync(await storage.TableAsync(TableName, cancellationToken), Pk(shopId), "lease", now, until, cancellationToken);

    /// <summary>The fingerprint of the shop's listing settings at its last push (a change looks at every product again).</summary>
    public async Task<string?> SettingsFingerprintAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Pk(shopId), "settings", cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetString("Fingerprint") : null;
    }

    public async Task SaveSettingsFingerprintAsync(string shopId, string fingerprint, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Pk(shopId), "settings") { ["Fingerprint"] = fingerprint }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task SavePrerequisitesAsync(string shopId, ShopPrerequisites prerequisites, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Pk(shopId), "prerequisites") { ["Json"] = JsonSerializer.Serialize(prerequisites, CatalogJson.Options) },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<ShopPrerequisites?> PrerequisitesAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Pk(shopId), "prerequisites", cancellationToken: cancellationToken);
        return found.HasValue ? JsonSerializer.Deserialize<ShopPrerequisites>(found.Value!.GetString("Json")!, CatalogJson.Options) : null;
    }

    /// <summary>Counts of a shop's listings by status.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var counts = Enum.GetNames<ListingStatus>().ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(Pk(shopId))} and RowKey ge 'l|' and RowKey lt 'l}}'", select: ["Status"],
            cancellationToken: cancellationToken))
        {
            var status = e.GetString("Status") ?? nameof(ListingStatus.NotListed);
            counts[status] = counts.GetValueOrDefault(status) + 1;
        }

        return counts;
    }

    /// <summary>Removes every row of a shop (the shop was deleted); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken) =>
        await TableRows.DeletePartitionAsync(await storage.TableAsync(TableName, cancellationToken), Pk(shopId), cancellationToken);

    private static TableEntity ToEntity(ListingRecord r)
    {
        var entity = new TableEntity(Pk(r.ShopId), Rk(r.ProductId))
        {
            ["ProductId"] = r.ProductId,
            ["MerchantId"] = r.MerchantId,
            ["Status"] = r.Status.ToString(),
            ["Pending"] = r.Pending,
            ["PendingAt"] = r.PendingAt,
            ["Sequence"] = r.Sequence,
            ["OnTikTok"] = r.OnTikTok,
            ["TikTokProductId"] = r.TikTokProductId,
            ["UpdatedAt"] = r.UpdatedAt,
        };
        TableRows.WriteChunks(entity, JsonSerializer.Serialize(r, CatalogJson.Options), CatalogStore.JsonColumns("Json"));
        return entity;
    }

    private static ListingRecord FromEntity(TableEntity e)
    {
        var json = TableRows.ReadChunks(e, CatalogStore.JsonColumns("Json"));
        var record = json.Length > 0
            ? JsonSerializer.Deserialize<ListingRecord>(json, CatalogJson.Options)!
            : new ListingRecord
            {
                ShopId = TableKeys.Unescape(e.PartitionKey), ProductId = e.GetString("ProductId") ?? TableKeys.Unescape(e.RowKey[2..]),
                MerchantId = e.GetString("MerchantId") ?? "",
            };
        return record with { Pending = e.GetBoolean("Pending") == true, Sequence = e.GetInt64("Sequence") ?? 0, PendingAt = e.GetDateTimeOffset("PendingAt") };
    }

    internal static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
