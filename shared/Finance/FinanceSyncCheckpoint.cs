using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Finance;

/// <summary>The parts of a finance sync, in the order they run.</summary>
public enum FinanceStage
{
    /// <summary>TikTok's unsettled orders and their estimates (first, so an order settling meanwhile is caught by the statements).</summary>
    Unsettled,

    /// <summary>Statements of the window and the transactions of each new or changed one.</summary>
    Statements,

    Payments,

    Withdrawals,
}

/// <summary>
/// A shop's finance sync progress (table <c>FinanceSyncs</c>, one row per shop): a watermark per stream (everything
/// generated before it is stored), the window in progress with its stage and page tokens (the statements page, the
/// statement within it and that statement's transactions page), so a worker that dies resumes where it stopped, the
/// running totals, and a lease so two workers never sync one shop at once.
/// </summary>
public sealed record FinanceSyncCheckpoint
{
    public required string ShopId { get; init; }

    /// <summary>Unix seconds up to which statements (statement_time), payments and withdrawals (create_time) are stored.</summary>
    public long? StatementsWatermark { get; init; }

    public long? PaymentsWatermark { get; init; }

    public long? WithdrawalsWatermark { get; init; }

    public string? RunId { get; init; }

    public string? Trigger { get; init; }

    public DateTimeOffset? RunStartedAt { get; init; }

    public FinanceStage Stage { get; init; }

    /// <summary>Where each stream's window starts (Unix seconds).</summary>
    public long StatementsFrom { get; init; }

    public long PaymentsFrom { get; init; }

    public long WithdrawalsFrom { get; init; }

    /// <summary>Where the window ends (exclusive).</summary>
    public long WindowTo { get; init; }

    /// <summary>The token of the page of the current stage being worked on (null: the first).</summary>
    public string? PageToken { get; init; }

    /// <summary>Statements stage: the statement of the page being worked on.</summary>
    public int StatementIndex { get; init; }

    /// <summary>Statements stage: the next page of that statement's transactions (null: the first).</summary>
    public string? TransactionsPageToken { get; init; }

    public int Pages { get; init; }

    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public ETag? ETag { get; init; }

    public bool WindowOpen => RunId is not null;

    public FinanceSyncCheckpoint Count(string name, long add) => add == 0 ? this : this with
    {
        Counts = new Dictionary<string, long>(Counts) { [name] = Counts.GetValueOrDefault(name) + add },
    };
}

public sealed class FinanceSyncCheckpointStore(StorageClients storage)
{
    public const string TableName = "FinanceSyncs";
    private const string Row = "checkpoint";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<FinanceSyncCheckpoint> GetAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shopId), Row, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : new FinanceSyncCheckpoint { ShopId = shopId };
    }

    /// <summary>Writes if nobody else wrote since <paramref name="checkpoint"/> was read; answers the stored version, or null on a race.</summary>
    public async Task<FinanceSyncCheckpoint?> TrySaveAsync(FinanceSyncCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var entity = ToEntity(checkpoint);
        try
        {
            var response = checkpoint.ETag is { } etag
                ? await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(entity, cancellationToken);
            return checkpoint with { ETag = response.Headers.ETag };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(TableKeys.Escape(shopId), Row, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(FinanceSyncCheckpoint c) => new(TableKeys.Escape(c.ShopId), Row)
    {
        ["StatementsWatermark"] = c.StatementsWatermark,
        ["PaymentsWatermark"] = c.PaymentsWatermark,
        ["WithdrawalsWatermark"] = c.WithdrawalsWatermark,
        ["RunId"] = c.RunId,
        ["Trigger"] = c.Trigger,
        ["RunStartedAt"] = c.RunStartedAt,
        ["Stage"] = c.Stage.ToString(),
        ["StatementsFrom"] = c.StatementsFrom,
        ["PaymentsFrom"] = c.PaymentsFrom,
        ["WithdrawalsFrom"] = c.WithdrawalsFrom,
        ["WindowTo"] = c.WindowTo,
        ["PageToken"] = c.PageToken,
        ["StatementIndex"] = c.StatementIndex,
        ["TransactionsPageToken"] = c.TransactionsPageToken,
        ["Pages"] = c.Pages,
        ["Counts"] = JsonSerializer.Serialize(c.Counts, Json),
        ["LeaseOwner"] = c.LeaseOwner,
        ["LeaseUntil"] = c.LeaseUntil,
    };

    private static FinanceSyncCheckpoint FromEntity(TableEntity e) => new()
    {
        ShopId = TableKeys.Unescape(e.PartitionKey),
        StatementsWatermark = e.GetInt64("StatementsWatermark"),
        PaymentsWatermark = e.GetInt64("PaymentsWatermark"),
        WithdrawalsWatermark = e.GetInt64("WithdrawalsWatermark"),
        RunId = e.GetString("RunId"),
        Trigger = e.GetString("Trigger"),
        RunStartedAt = e.GetDateTimeOffset("RunStartedAt"),
        Stage = Enum.TryParse<FinanceStage>(e.GetString("Stage"), out var stage) ? stage : FinanceStage.Unsettled,
        StatementsFrom = e.GetInt64("StatementsFrom") ?? 0,
        PaymentsFrom = e.GetInt64("PaymentsFrom") ?? 0,
        WithdrawalsFrom = e.GetInt64("WithdrawalsFrom") ?? 0,
        WindowTo = e.GetInt64("WindowTo") ?? 0,
        PageToken = e.GetString("PageToken"),
        StatementIndex = e.GetInt32("StatementIndex") ?? 0,
        TransactionsPageToken = e.GetString("TransactionsPageToken"),
        Pages = e.GetInt32("Pages") ?? 0,
        Counts = JsonSerializer.Deserialize<Dictionary<string, long>>(e.GetString("Counts") ?? "{}", Json) ?? [],
        LeaseOwner = e.GetString("LeaseOwner"),
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
        ETag = e.ETag,
    };
}
