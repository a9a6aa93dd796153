using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Orders;

/// <summary>
/// A shop's order-pull progress (table <c>OrderPulls</c>, one row per shop): the watermark (every order updated before
/// it is stored), the window in progress with its phase and page token (so a worker that dies resumes where it
/// stopped), the running totals, and a short lease so two workers never pull one shop at once.
/// </summary>
public sealed record OrderPullCheckpoint
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

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public ETag? ETag { get; init; }

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

public sealed class OrderPullCheckpointStore(StorageClients storage)
{
    public const string TableName = "OrderPulls";
    private const string Row = "checkpoint";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<OrderPullCheckpoint> GetAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shopId), Row, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : new OrderPullCheckpoint { ShopId = shopId };
    }

    /// <summary>Writes if nobody else wrote since <paramref name="checkpoint"/> was read; answers the stored version, or null on a race.</summary>
    public async Task<OrderPullCheckpoint?> TrySaveAsync(OrderPullCheckpoint checkpoint, CancellationToken cancellationToken)
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

    /// <summary>Removes a shop's checkpoint; answers whether there was one.</summary>
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

    private static TableEntity ToEntity(OrderPullCheckpoint c) => new(TableKeys.Escape(c.ShopId), Row)
    {
        ["Watermark"] = c.Watermark,
        ["ImportedFrom"] = c.ImportedFrom,
        ["Backfill"] = c.Backfill,
        ["OpenOrdersTakenAt"] = c.OpenOrdersTakenAt,
        ["RunId"] = c.RunId,
        ["Trigger"] = c.Trigger,
        ["RunStartedAt"] = c.RunStartedAt,
        ["Phases"] = JsonSerializer.Serialize(c.Phases, Json),
        ["PhaseIndex"] = c.PhaseIndex,
        ["PageToken"] = c.PageToken,
        ["WindowTo"] = c.WindowTo,
        ["Pages"] = c.Pages,
        ["Counts"] = JsonSerializer.Serialize(c.Counts, Json),
        ["LeaseOwner"] = c.LeaseOwner,
        ["LeaseUntil"] = c.LeaseUntil,
    };

    private static OrderPullCheckpoint FromEntity(TableEntity e) => new()
    {
        ShopId = TableKeys.Unescape(e.PartitionKey),
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
        LeaseOwner = e.GetString("LeaseOwner"),
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
        ETag = e.ETag,
    };
}
