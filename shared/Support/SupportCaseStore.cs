using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;
using Microsoft.Extensions.Logging;

namespace Connector.Support;

/// <summary>
/// Support cases in table <c>SupportCases</c>, all in one partition (<c>case</c>) so a case, its index rows and its
/// counter change in one transaction. A case is opened with an idempotency key: the same key (a retried callback, a
/// re-run refresh worker) opens the case once.
/// <para>
/// Rows: the case under its id (<c>c...</c>); a copy of it under each index it is listed by, newest first:
/// <c>s|{status}|{time}|{id}</c> (every case by status), <c>k|{kind}|{status}|{time}|{id}</c> (by kind) and
/// <c>h|{shopId}|{status}|{time}|{id}</c> (by shop); and open-case counters <c>n|{kind}|{shard}</c> (8 shards per kind, so
/// concurrent openings rarely race for one row). A list is a range of one index, a count one range of counters: reads
/// cost the same whatever the number of cases (docs/architecture.md, "Reads that scale").
/// </para>
/// </summary>
public sealed partial class SupportCaseStore(StorageClients storage, TimeProvider time, ILogger<SupportCaseStore> logger)
{
    public const string TableName = "SupportCases";
    public const string Partition = "case";

    private const int CounterShards = 8;
    private const int Attempts = 10;
    private const string CountProperty = "Count";
    private int indexed;

    /// <summary>Opens a case unless one with <paramref name="idempotencyKey"/> exists; returns the case either way.</summary>
    public async Task<SupportCase> OpenAsync(SupportCaseKind kind, string idempotencyKey, string message, string? shopId, string? merchantId,
        string? authorizationId, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken);
        var caseId = CaseId(idempotencyKey);
        var opened = new SupportCase
        {
            CaseId = caseId, Kind = kind, Message = message, ShopId = shopId, MerchantId = merchantId, AuthorizationId = authorizationId,
            CreatedAt = time.GetUtcNow(),
        };
        return await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, caseId, cancellationToken: cancellationToken);
            if (response.HasValue)
            {
                return FromEntity(response.Value!);
            }

            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(opened, caseId)) };
            actions.AddRange(IndexKeys(opened).Select(key => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(opened, key))));
            actions.Add(await CounterActionAsync(client, opened, +1, cancellationToken));
            await client.SubmitTransactionAsync(actions, cancellationToken);
            CaseOpened(logger, caseId, kind, shopId, merchantId, authorizationId);
            return opened;
        }, maxAttempts: Attempts);
    }

    public async Task<SupportCase?> GetAsync(string caseId, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, caseId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// One page of the cases with <paramref name="status"/>, newest first, optionally of one kind and one shop; the
    /// continuation is the table's own (the admin API wraps it). Reads one index range: one request per page.
    /// </summary>
    public async Task<(IReadOnlyList<SupportCase> Cases, string? Continuation)> ListAsync(SupportCaseStatus status, SupportCaseKind? kind, string? shopId,
        string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken);
        var prefix = shopId is not null ? $"h|{shopId}|{status}|" : kind is { } k ? $"k|{k}|{status}|" : $"s|{status}|";
        var filter = Range(prefix);
        if (shopId is not null && kind is { } both)
        {
            filter += TableClient.CreateQueryFilter($" and Kind eq {both.ToString()}");
        }

        await foreach (var page in client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize))
        {
            return (page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Every case with <paramref name="status"/> (optionally of one kind or shop), newest first, page by page.</summary>
    public async IAsyncEnumerable<SupportCase> AllAsync(SupportCaseStatus status, SupportCaseKind? kind, string? shopId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var (page, next) = await ListAsync(status, kind, shopId, continuation, 1000, cancellationToken);
            foreach (var c in page)
            {
                yield return c;
            }

            continuation = next;
        }
        while (continuation is not null);
    }

    /// <summary>Open cases by kind, from the counters: one request whatever the number of cases.</summary>
    public async Task<IReadOnlyDictionary<SupportCaseKind, int>> OpenCountsAsync(CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken);
        var counts = new Dictionary<SupportCaseKind, int>();
        await foreach (var row in client.QueryAsync<TableEntity>(Range("n|"), select: ["RowKey", CountProperty], cancellationToken: cancellationToken))
        {
            var kind = Enum.Parse<SupportCaseKind>(row.RowKey.Split('|')[1]);
            counts[kind] = counts.GetValueOrDefault(kind) + (row.GetInt32(CountProperty) ?? 0);
        }

        return counts.Where(c => c.Value > 0).ToDictionary();
    }

    /// <summary>Marks an open case resolved with a note; null when it does not exist, unchanged when it was resolved already.</summary>
    public async Task<(SupportCase? Case, bool AlreadyResolved)> ResolveAsync(string caseId, string note, string resolvedBy, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken);
        return await OptimisticConcurrency.RetryAsync<(SupportCase?, bool)>(async _ =>
        {
            var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, caseId, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return (null, false);
            }

            var current = FromEntity(response.Value!);
            if (current.Status == SupportCaseStatus.Resolved)
            {
                return (current, true);
            }

            var resolved = current with { Status = SupportCaseStatus.Resolved, ResolvedAt = time.GetUtcNow(), ResolvedBy = resolvedBy, ResolutionNote = note };
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, ToEntity(resolved, caseId), response.Value!.ETag) };
            actions.AddRange(IndexKeys(current).Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, key), ETag.All)));
            actions.AddRange(IndexKeys(resolved).Select(key => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(resolved, key))));
            actions.Add(await CounterActionAsync(client, current, -1, cancellationToken));
            await client.SubmitTransactionAsync(actions, cancellationToken);
            CaseResolved(logger, caseId, current.Kind, current.ShopId, resolvedBy);
            return (resolved, false);
        }, maxAttempts: Attempts);
    }

    /// <summary>Who resolves a case whose cause went away (the connector itself, not a person).</summary>
    public const string Connector = "connector";

    /// <summary>
    /// Resolves, with <paramref name="note"/>, every open case of <paramref name="kinds"/> that <paramref name="match"/>
    /// picks: the connector closes cases whose cause is gone (the authorization was assigned, the seller authorized
    /// again, a shipment went through after all). Reads only the open cases of those kinds. Answers the cases it resolved.
    /// </summary>
    public async Task<IReadOnlyList<SupportCase>> ResolveOpenAsync(IReadOnlyCollection<SupportCaseKind> kinds, Func<SupportCase, bool> match, string note,
        CancellationToken cancellationToken)
    {
        var resolved = new List<SupportCase>();
        foreach (var kind in kinds)
        {
            var open = new List<SupportCase>();
            await foreach (var c in AllAsync(SupportCaseStatus.Open, kind, null, cancellationToken))
            {
                if (match(c))
                {
                    open.Add(c);
                }
            }

            foreach (var c in open)
            {
                if (await ResolveAsync(c.CaseId, note, Connector, cancellationToken) is { Case: { } done, AlreadyResolved: false })
                {
                    resolved.Add(done);
                }
            }
        }

        return resolved;
    }

    /// <summary>Removes every case of a shop (with its index rows and counts); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken);
        var deleted = 0;
        foreach (var status in Enum.GetValues<SupportCaseStatus>())
        {
            var ofShop = new List<SupportCase>();
            await foreach (var c in AllAsync(status, null, shopId, cancellationToken))
            {
                ofShop.Add(c);
            }

            foreach (var c in ofShop)
            {
                deleted += await OptimisticConcurrency.RetryAsync(async _ =>
                {
                    var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, c.CaseId, cancellationToken: cancellationToken);
                    if (!response.HasValue)
                    {
                        return 0;
                    }

                    var current = FromEntity(response.Value!);
                    var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Delete, new TableEntity(Partition, c.CaseId), response.Value!.ETag) };
                    actions.AddRange(IndexKeys(current).Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, key), ETag.All)));
                    if (current.Status == SupportCaseStatus.Open)
                    {
                        actions.Add(await CounterActionAsync(client, current, -1, cancellationToken));
                    }

                    await client.SubmitTransactionAsync(actions, cancellationToken);
                    return 1;
                }, maxAttempts: Attempts);
            }
        }

        return deleted;
    }

    private static string Range(string prefix) => TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");

    /// <summary>Newest first: the row key orders by time descending.</summary>
    private static string Newest(SupportCase c) => (DateTimeOffset.MaxValue.UtcTicks - c.CreatedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> IndexKeys(SupportCase c)
    {
        var tail = $"{Newest(c)}|{c.CaseId}";
        yield return $"s|{c.Status}|{tail}";
        yield return $"k|{c.Kind}|{c.Status}|{tail}";
        if (c.ShopId is not null)
        {
            yield return $"h|{c.ShopId}|{c.Status}|{tail}";
        }
    }

    /// <summary>The counter change for one open case, guarded by the counter row's ETag (a lost race is retried).</summary>
    private static async Task<TableTransactionAction> CounterActionAsync(TableClient client, SupportCase c, int delta, CancellationToken cancellationToken)
    {
        var key = $"n|{c.Kind}|{Shard(c.CaseId)}";
        var row = await client.GetEntityIfExistsAsync<TableEntity>(Partition, key, select: [CountProperty], cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, key) { [CountProperty] = Math.Max(0, delta) });
        }

        var count = Math.Max(0, (row.Value!.GetInt32(CountProperty) ?? 0) + delta);
        return new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(Partition, key) { [CountProperty] = count }, row.Value.ETag);
    }

    /// <summary>Stable across processes (string.GetHashCode is not): the case id is hex already.</summary>
    private static int Shard(string caseId) => Convert.ToInt32(caseId[^1..], 16) % CounterShards;

    /// <summary>
    /// The table, with the indexes and counters of cases that predate them (a deployment from before the indexes) built
    /// on first use: each such case is indexed and counted in its own ETag-checked transaction, exactly as an opening
    /// would, so concurrent instances doing the same count each case once. Then a marker row says it is done.
    /// </summary>
    private async Task<TableClient> ClientAsync(CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        if (Volatile.Read(ref indexed) == 1)
        {
            return client;
        }

        await migrating.WaitAsync(cancellationToken);
        try
        {
            if (indexed == 0)
            {
                var marker = await client.GetEntityIfExistsAsync<TableEntity>(Partition, IndexedMarker, select: ["RowKey"], cancellationToken: cancellationToken);
                if (!marker.HasValue)
                {
                    await foreach (var row in client.QueryAsync<TableEntity>(Range("c"), select: ["RowKey", IndexedProperty], cancellationToken: cancellationToken))
                    {
                        if (row.GetBoolean(IndexedProperty) != true)
                        {
                            await IndexAsync(client, row.RowKey, cancellationToken);
                        }
                    }

                    await client.UpsertEntityAsync(new TableEntity(Partition, IndexedMarker), cancellationToken: cancellationToken);
                }

                Volatile.Write(ref indexed, 1);
            }
        }
        finally
        {
            migrating.Release();
        }

        return client;
    }

    private async Task IndexAsync(TableClient client, string caseId, CancellationToken cancellationToken) =>
        await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, caseId, cancellationToken: cancellationToken);
            if (!response.HasValue || response.Value!.GetBoolean(IndexedProperty) == true)
            {
                return;
            }

            var c = FromEntity(response.Value);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, ToEntity(c, caseId), response.Value.ETag) };
            actions.AddRange(IndexKeys(c).Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(c, key))));
            if (c.Status == SupportCaseStatus.Open)
            {
                actions.Add(await CounterActionAsync(client, c, +1, cancellationToken));
            }

            await client.SubmitTransactionAsync(actions, cancellationToken);
        }, maxAttempts: Attempts);

    private readonly SemaphoreSlim migrating = new(1, 1);
    private const string IndexedProperty = "Indexed";
    private const string IndexedMarker = "m|indexed";

    /// <summary>Deterministic from the key, so the same key always names the same case.</summary>
    internal static string CaseId(string idempotencyKey) =>
        "c" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..20];

    private static TableEntity ToEntity(SupportCase c, string rowKey) => new(Partition, rowKey)
    {
        [IndexedProperty] = rowKey == c.CaseId ? true : null,
        ["CaseId"] = c.CaseId,
        ["Kind"] = c.Kind.ToString(),
        ["Status"] = c.Status.ToString(),
        ["ShopId"] = c.ShopId,
        ["MerchantId"] = c.MerchantId,
        ["AuthorizationId"] = c.AuthorizationId,
        ["Message"] = c.Message,
        ["CreatedAt"] = c.CreatedAt,
        ["ResolvedAt"] = c.ResolvedAt,
        ["ResolvedBy"] = c.ResolvedBy,
        ["ResolutionNote"] = c.ResolutionNote,
    };

    private static SupportCase FromEntity(TableEntity e) => new()
    {
        CaseId = e.GetString("CaseId") ?? e.RowKey,
        Kind = Enum.Parse<SupportCaseKind>(e.GetString("Kind")!),
        Status = Enum.Parse<SupportCaseStatus>(e.GetString("Status") ?? nameof(SupportCaseStatus.Open)),
        ShopId = e.GetString("ShopId"),
        MerchantId = e.GetString("MerchantId"),
        AuthorizationId = e.GetString("AuthorizationId"),
        Message = e.GetString("Message") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        ResolvedAt = e.GetDateTimeOffset("ResolvedAt"),
        ResolvedBy = e.GetString("ResolvedBy"),
        ResolutionNote = e.GetString("ResolutionNote"),
    };

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Support case {CaseId} opened: {Kind} (shop {ShopId}, merchant {MerchantId}, authorization {AuthorizationId})")]
    private static partial void CaseOpened(ILogger logger, string caseId, SupportCaseKind kind, string? shopId, string? merchantId, string? authorizationId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Support case {CaseId} resolved: {Kind} (shop {ShopId}) by key {ResolvedBy}")]
    private static partial void CaseResolved(ILogger logger, string caseId, SupportCaseKind kind, string? shopId, string resolvedBy);
}
