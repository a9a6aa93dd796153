using System.Text.Json;
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
public sealed record FinanceSyncCheckpoint : LeasedCheckpoint
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

    public bool WindowOpen => RunId is not null;

    public FinanceSyncCheckpoint Count(string name, long add) => add == 0 ? this : this with
    {
        Counts = new Dictionary<string, long>(Counts) { [name] = Counts.GetValueOrDefault(name) + add },
    };
}

/// <summary>The finance sync's checkpoints (table <c>FinanceSyncs</c>): a <see cref="CheckpointTable{T}"/> with the sync's columns.</summary>
public sealed class FinanceSyncCheckpointStore(StorageClients storage) : CheckpointTable<FinanceSyncCheckpoint>(storage, TableName)
{
    public const string TableName = "FinanceSyncs";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override FinanceSyncCheckpoint Empty(string key) => new() { ShopId = key };

    protected override string KeyOf(FinanceSyncCheckpoint checkpoint) => checkpoint.ShopId;

    protected override void Write(FinanceSyncCheckpoint c, TableEntity row)
    {
        row["StatementsWatermark"] = c.StatementsWatermark;
        row["PaymentsWatermark"] = c.PaymentsWatermark;
        row["WithdrawalsWatermark"] = c.WithdrawalsWatermark;
        row["RunId"] = c.RunId;
        row["Trigger"] = c.Trigger;
        row["RunStartedAt"] = c.RunStartedAt;
        row["Stage"] = c.Stage.ToString();
        row["StatementsFrom"] = c.StatementsFrom;
        row["PaymentsFrom"] = c.PaymentsFrom;
        row["WithdrawalsFrom"] = c.WithdrawalsFrom;
        row["WindowTo"] = c.WindowTo;
        row["PageToken"] = c.PageToken;
        row["StatementIndex"] = c.StatementIndex;
        row["TransactionsPageToken"] = c.TransactionsPageToken;
        row["Pages"] = c.Pages;
        row["Counts"] = JsonSerializer.Serialize(c.Counts, Json);
    }

    protected override FinanceSyncCheckpoint Read(string key, TableEntity e) => new()
    {
        ShopId = key,
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
    };
}
