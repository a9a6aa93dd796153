using System.Text.Json;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Orders;

/// <summary>
/// A shop's order-pull progress (table <c>OrderPulls</c>, one row per shop): the watermark (every order updated before
/// it is stored), the window in progress with its phase and page token (so a worker that dies resumes where it
/// stopped), the running totals, and a short lease so two workers never pull one shop at once.
/// </summary>
public sealed record OrderPullCheckpoint : LeasedCheckpoint
{
    public required string ShopId { get; init; }

    /// <summary>TikTok update_time (Unix seconds) up to which every order is stored; null before the first pull.</summary>
    public long? Watermark { get; init; }

    /// <summary>
    /// TikTok create_time (Unix seconds) from which every order is imported (the first import's start, moved back by
    /// backfills); null before the first import finished. A start date earlier than this makes the next pull backfill.
    /// </summary>
    public long? ImportedFrom { get; init; }

    /// <summary>When the first import took every open order (its window's end); null when it took orders by start date only.</summary>
    public long? OpenOrdersTakenAt { get; init; }

    /// <summary>The open window is a backfill: orders created between a new, earlier start date and <see cref="ImportedFrom"/>.</summary>
    public bool Backfill { get; init; }

    public string? RunId { get; init; }

    public string? Trigger { get; init; }

    public DateTimeOffset? RunStartedAt { get; init; }

    /// <summary>The searches of the window in progress; empty when no window is open.</summary>
    public IReadOnlyList<OrderPullPhase> Phases { get; init; } = [];

    public int PhaseIndex { get; init; }

    public string? PageToken { get; init; }

    public long WindowTo { get; init; }

    public int Pages { get; init; }

    public OrderImportCounts Counts { get; init; } = OrderImportCounts.Zero;

    public bool WindowOpen => Phases.Count > 0;
}

/// <summary>
/// One search of a window: by update time (incremental), by creation time (a start date; <paramref name="To"/> bounds a
/// backfill) or by open status.
/// </summary>
public sealed record OrderPullPhase(string Kind, long? From, string? Status, long? To = null)
{
    public const string Updated = "updated";
    public const string Created = "created";
    public const string OpenStatus = "status";
}

/// <summary>The order pull's checkpoints (table <c>OrderPulls</c>): a <see cref="CheckpointTable{T}"/> with the pull's columns.</summary>
public sealed class OrderPullCheckpointStore(StorageClients storage) : CheckpointTable<OrderPullCheckpoint>(storage, TableName)
{
    public const string TableName = "OrderPulls";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override OrderPullCheckpoint Empty(string key) => new() { ShopId = key };

    protected override string KeyOf(OrderPullCheckpoint checkpoint) => checkpoint.ShopId;

    protected override void Write(OrderPullCheckpoint c, TableEntity row)
    {
        row["Watermark"] = c.Watermark;
        row["ImportedFrom"] = c.ImportedFrom;
        row["Backfill"] = c.Backfill;
        row["OpenOrdersTakenAt"] = c.OpenOrdersTakenAt;
        row["RunId"] = c.RunId;
        row["Trigger"] = c.Trigger;
        row["RunStartedAt"] = c.RunStartedAt;
        row["Phases"] = JsonSerializer.Serialize(c.Phases, Json);
        row["PhaseIndex"] = c.PhaseIndex;
        row["PageToken"] = c.PageToken;
        row["WindowTo"] = c.WindowTo;
        row["Pages"] = c.Pages;
        row["Counts"] = JsonSerializer.Serialize(c.Counts, Json);
    }

    protected override OrderPullCheckpoint Read(string key, TableEntity e) => new()
    {
        ShopId = key,
        Watermark = e.GetInt64("Watermark"),
        ImportedFrom = e.GetInt64("ImportedFrom"),
        Backfill = e.GetBoolean("Backfill") ?? false,
        OpenOrdersTakenAt = e.GetInt64("OpenOrdersTakenAt"),
        RunId = e.GetString("RunId"),
        Trigger = e.GetString("Trigger"),
        RunStartedAt = e.GetDateTimeOffset("RunStartedAt"),
        Phases = JsonSerializer.Deserialize<OrderPullPhase[]>(e.GetString("Phases") ?? "[]", Json) ?? [],
        PhaseIndex = e.GetInt32("PhaseIndex") ?? 0,
        PageToken = e.GetString("PageToken"),
        WindowTo = e.GetInt64("WindowTo") ?? 0,
        Pages = e.GetInt32("Pages") ?? 0,
        Counts = JsonSerializer.Deserialize<OrderImportCounts>(e.GetString("Counts") ?? "null", Json) ?? OrderImportCounts.Zero,
    };
}
