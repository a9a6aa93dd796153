using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Runs;

/// <summary>
/// Run records in table <c>Runs</c>: partition = shop, row = inverted start ticks + run id, so a shop's newest runs
/// come first. A run is written when it starts and again when it ends (same row). A copy goes to table
/// <c>RunsByTime</c> (partition = inverted start day, row = inverted start ticks + run id + shop), so the task center
/// can page through every shop's runs newest first without reading them all.
/// </summary>
public sealed class RunStore(StorageClients storage)
{
    public const string TableName = "Runs";
    public const string ByTimeTableName = "RunsByTime";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string RowKey(DateTimeOffset startedAt, string runId) =>
        (DateTimeOffset.MaxValue.UtcTicks - startedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + runId;

    public async Task SaveAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(ToEntity(run), TableUpdateMode.Replace, cancellationToken);
        var byTime = await storage.TableAsync(ByTimeTableName, cancellationToken);
        var copy = ToEntity(run);
        copy.PartitionKey = DayPartition(run.StartedAt);
        copy.RowKey = ByTimeRowKey(copy.RowKey, run.ShopId);
        copy["ShopId"] = run.ShopId;
        await byTime.UpsertEntityAsync(copy, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// The one way a worker records a run: saved as Running before the work, then as the record the work finishes
    /// with; an exception saves it Failed (typed, with TikTok's request id) and is rethrown, so the host still retries.
    /// </summary>
    public async Task<T> RecordAsync<T>(RunRecord run, Func<Task<(T Result, RunRecord Finished)>> work, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(time);
        await SaveAsync(run, cancellationToken);
        try
        {
            var (result, finished) = await work();
            await SaveAsync(finished, CancellationToken.None);
            return result;
        }
        catch (Exception ex)
        {
            await SaveAsync(run.Failed(ex, time.GetUtcNow()), CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Every shop's runs started between <paramref name="from"/> and <paramref name="to"/>, newest first, optionally of
    /// one shop, kind and outcome; the filters run in Table Storage and the pages are Table Storage's own.
    /// </summary>
    public async Task<(IReadOnlyList<RunRecord> Runs, string? ContinuationToken)> ListAcrossShopsAsync(
        DateTimeOffset from, DateTimeOffset to, string? shopId, string? kind, RunOutcome? outcome, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(ByTimeTableName, cancellationToken);
        var filter = $"PartitionKey ge {TableKeys.Literal(DayPartition(to))} and PartitionKey le {TableKeys.Literal(DayPartition(from))}"
            + $" and StartedAt ge datetime'{from.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}' and StartedAt le datetime'{to.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}'"
            + (shopId is null ? string.Empty : $" and ShopId eq {TableKeys.Literal(shopId)}")
            + (kind is null ? string.Empty : $" and Kind eq {TableKeys.Literal(kind)}")
            + (outcome is null ? string.Empty : $" and Outcome eq {TableKeys.Literal(outcome.Value.ToString())}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(FromEntity).ToArray(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Newest day first: the days since <see cref="DateOnly.MaxValue"/>, fixed width.</summary>
    internal static string DayPartition(DateTimeOffset at) =>
        (DateOnly.MaxValue.DayNumber - DateOnly.FromDateTime(at.UtcDateTime).DayNumber).ToString("D7", CultureInfo.InvariantCulture);

    private static string ByTimeRowKey(string rowKey, string shopId) => rowKey + "_" + TableKeys.Escape(shopId);

    public async Task<RunRecord?> GetAsync(string shopId, string runId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} and RunId eq {TableKeys.Literal(runId)}";
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return FromEntity(entity);
        }

        return null;
    }

    /// <summary>A shop's runs, newest first, optionally of one kind and outcome.</summary>
    public async Task<(IReadOnlyList<RunRecord> Runs, string? ContinuationToken)> ListAsync(
        string shopId, string? kind, RunOutcome? outcome, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))}"
            + (kind is null ? string.Empty : $" and Kind eq {TableKeys.Literal(kind)}")
            + (outcome is null ? string.Empty : $" and Outcome eq {TableKeys.Literal(outcome.Value.ToString())}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(FromEntity).ToArray(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>The newest run of a kind for a shop.</summary>
    public async Task<RunRecord?> LatestAsync(string shopId, string kind, CancellationToken cancellationToken) =>
        (await ListAsync(shopId, kind, null, null, 1, cancellationToken)).Runs.FirstOrDefault();

    /// <summary>Removes every run of a shop; answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var keys = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))}", select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e.RowKey);
        }

        // The cross-shop copies first: a delete cut short and sent again still finds them through the shop's rows.
        var byTime = await storage.TableAsync(ByTimeTableName, cancellationToken);
        foreach (var key in keys)
        {
            var startedAt = new DateTimeOffset(DateTimeOffset.MaxValue.UtcTicks - long.Parse(key.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);
            await byTime.DeleteEntityAsync(DayPartition(startedAt), ByTimeRowKey(key, shopId), ETag.All, cancellationToken);
        }

        await TableRows.SubmitAsync(table, keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(TableKeys.Escape(shopId), k))), cancellationToken);

        return keys.Count;
    }

    private static TableEntity ToEntity(RunRecord r) => new(TableKeys.Escape(r.ShopId), RowKey(r.StartedAt, r.RunId))
    {
        ["RunId"] = r.RunId,
        ["Kind"] = r.Kind,
        ["Trigger"] = r.Trigger,
        ["StartedAt"] = r.StartedAt,
        ["EndedAt"] = r.EndedAt,
        ["Outcome"] = r.Outcome.ToString(),
        ["Counts"] = JsonSerializer.Serialize(r.Counts, Json),
        ["Details"] = JsonSerializer.Serialize(r.Details, Json),
        ["ErrorType"] = r.ErrorType,
        ["Error"] = r.Error,
        ["RequestId"] = r.RequestId,
    };

    private static RunRecord FromEntity(TableEntity e) => new()
    {
        ShopId = e.GetString("ShopId") ?? TableKeys.Unescape(e.PartitionKey),
        RunId = e.GetString("RunId") ?? string.Empty,
        Kind = e.GetString("Kind") ?? string.Empty,
        Trigger = e.GetString("Trigger") ?? string.Empty,
        StartedAt = e.GetDateTimeOffset("StartedAt") ?? default,
        EndedAt = e.GetDateTimeOffset("EndedAt"),
        Outcome = Enum.Parse<RunOutcome>(e.GetString("Outcome") ?? nameof(RunOutcome.Running)),
        Counts = JsonSerializer.Deserialize<Dictionary<string, long>>(e.GetString("Counts") ?? "{}", Json) ?? [],
        Details = JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Details") ?? "{}", Json) ?? [],
        ErrorType = e.GetString("ErrorType"),
        Error = e.GetString("Error"),
        RequestId = e.GetString("RequestId"),
    };
}
