using System.Globalization;
using Connector.Runs;
using Connector.Storage;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Orders;

/// <summary>The message the order-pull queue carries: which shop, and why.</summary>
/// <param name="Since">
/// The first import takes orders created since then (activation); later, orders created since then that the import
/// does not cover yet are backfilled. Null for a scheduled pull.
/// </param>
/// <param name="IncludeOpenOrders">Also fetch every open order, whatever its age (first import).</param>
/// <param name="Reimport">Pull every order created since <paramref name="Since"/> again, even those imported already (support's "sync since").</param>
public sealed record OrderPullMessage(string ShopId, string Trigger = "schedule", DateTimeOffset? Since = null, bool IncludeOpenOrders = false, bool Reimport = false)
{
    public const string QueueName = "order-pull";
}

public sealed class OrderPullOptions
{
    public const string Section = "OrderPull";

    /// <summary>Each window starts this far before the watermark, to catch late-indexed updates.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Each window ends this far before now, so TikTok's search index has caught up.</summary>
    public TimeSpan Lag { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a worker holds a shop; renewed with every page.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>What the order pull needs to know of a shop (implemented over the shop registry).</summary>
public sealed record OrderPullShop(string ShopId, string MerchantId, string Cipher, bool ImportEnabled, DateTimeOffset? ImportStartDate, OrderImportSettings Settings);

public interface IOrderPullShops
{
    Task<OrderPullShop?> FindAsync(string shopId, CancellationToken cancellationToken);

    /// <summary>TikTok says the shop's authorization is gone: mark it and tell support.</summary>
    Task AuthorizationLostAsync(string shopId, TikTokException error, CancellationToken cancellationToken);

    /// <summary>An order was cancelled on TikTok after the back office took it.</summary>
    Task CancelledAfterReleaseAsync(StoredOrder order, CancellationToken cancellationToken);
}

/// <summary>
/// Pulls one shop's orders for one window of update_time, page by page as they arrive: each page is stored, then the
/// page token checkpointed, so a worker that dies resumes where it stopped; the watermark moves only when the whole
/// window is stored. The first pull takes every order created since the shop's import start date, or else all open
/// orders. Transient failures rethrow (the host retries, then poisons); lost authorization marks the shop.
/// </summary>
public sealed partial class OrderPullHandler(
    IOrderPullShops shops,
    OrderPullCheckpointStore checkpoints,
    OrderImporter importer,
    RunStore runs,
    ITikTokShopClient tiktok,
    Telemetry.ConnectorMetrics metrics,
    IOptions<OrderPullOptions> options,
    IOptions<TikTokOptions> tiktokOptions,
    TimeProvider time,
    ILogger<OrderPullHandler> logger)
{
    /// <summary>
    /// Version rows a page of orders may need besides its orders in one table transaction (a page of TikTok's search,
    /// sorted by update time, seldom holds orders created on more than two UTC days).
    /// </summary>
    public const int VersionRowsPerPage = 2;

    /// <summary>
    /// The search page size of a pull: TikTok's page (TikTok:PageSize, at most 100) less <see cref="VersionRowsPerPage"/>,
    /// so a page and its version rows are one table transaction of at most 100 rows.
    /// </summary>
    public int PageSize => Math.Min(tiktokOptions.Value.PageSize, OrderStore.TransactionLimit - VersionRowsPerPage);

    public static readonly string[] OpenStatuses =
    [
        TikTokOrderStatus.OnHold, TikTokOrderStatus.AwaitingShipment, TikTokOrderStatus.AwaitingCollection, TikTokOrderStatus.PartiallyShipping,
    ];

    /// <summary>The run trigger of a backfill window (its run record's <c>Trigger</c>).</summary>
    public const string BackfillTrigger = "backfill";

    public async Task HandleAsync(OrderPullMessage message, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ShopId"] = message.ShopId });
        var shop = await shops.FindAsync(message.ShopId, cancellationToken);
        if (shop is null || !shop.ImportEnabled)
        {
            LogSkipped(message.ShopId, shop is null ? "unknown shop" : "order import is off or the shop is not active");
            return;
        }

        // A window left open by an earlier attempt is finished first; a backfill (a start date moved back, or support's
        // "sync since") runs as its own run before the pull the message asked for.
        var pending = message;
        for (var round = 0; round < 4; round++)
        {
            var pulled = await PullOnceAsync(shop, pending, cancellationToken);
            if (pulled is null)
            {
                return;
            }

            if (pulled.Backfill)
            {
                // Done (a retried "sync since" that resumed its own backfill is not repeated); now the regular pull.
                pending = pending with { Since = null, IncludeOpenOrders = false, Reimport = false };
            }
            else if (pulled.OpenedHere || pending.Since is null)
            {
                return;
            }
        }
    }

    /// <summary>What one window did: whether this call opened it (or resumed an earlier one) and whether it was a backfill.</summary>
    private sealed record Pulled(bool OpenedHere, bool Backfill);

    private async Task<Pulled?> PullOnceAsync(OrderPullShop shop, OrderPullMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var openedHere = false;
        var lease = await checkpoints.TryLeaseAsync(shop.ShopId, now, now + options.Value.Lease, found =>
        {
            openedHere = !found.WindowOpen;
            return openedHere ? OpenWindow(found, shop, message, now) : found;
        }, cancellationToken);
        if (lease.Checkpoint is not { } checkpoint)
        {
            LogSkipped(shop.ShopId, lease.Refusal == CheckpointLeaseRefusal.Held ? "another pull of this shop is running" : "another worker took the shop first");
            return null;
        }

        var owner = lease.Owner;
        var backfill = checkpoint.Backfill;
        var details = new Dictionary<string, string>
        {
            ["watermarkBefore"] = checkpoint.Watermark?.ToString(CultureInfo.InvariantCulture) ?? "none",
            ["windowTo"] = checkpoint.WindowTo.ToString(CultureInfo.InvariantCulture),
        };
        if (backfill && checkpoint.Phases.FirstOrDefault() is { } range)
        {
            details["backfillFrom"] = range.From?.ToString(CultureInfo.InvariantCulture) ?? "none";
            details["backfillTo"] = range.To?.ToString(CultureInfo.InvariantCulture) ?? "none";
        }

        var run = new RunRecord
        {
            ShopId = shop.ShopId,
            RunId = checkpoint.RunId!,
            Kind = RunKinds.OrderPull,
            Trigger = checkpoint.Trigger ?? message.Trigger,
            StartedAt = checkpoint.RunStartedAt ?? now,
            Details = details,
        };
        await runs.SaveAsync(run, cancellationToken);

        try
        {
            if (await PullWindowAsync(shop, checkpoint, cancellationToken) is not { } pulled)
            {
                LogSkipped(shop.ShopId, "the lease was lost to another worker");
                return null;
            }

            checkpoint = pulled;

            await runs.SaveAsync(Finish(run, checkpoint, RunOutcome.Succeeded) with
            {
                Details = new Dictionary<string, string>(run.Details) { ["watermarkAfter"] = checkpoint.Watermark!.Value.ToString(CultureInfo.InvariantCulture) },
            }, CancellationToken.None);
            LogPulled(shop.ShopId, checkpoint.Pages, checkpoint.Counts.New, checkpoint.Counts.Updated, checkpoint.Counts.Unchanged);
            return new Pulled(openedHere, backfill);
        }
        catch (TikTokException ex) when (ex.Kind == TikTokErrorKind.AuthorizationRevoked)
        {
            await ReleaseAsync(shop.ShopId, owner);
            await shops.AuthorizationLostAsync(shop.ShopId, ex, CancellationToken.None);
            await runs.SaveAsync(run.Failed(ex, time.GetUtcNow()), CancellationToken.None);
            return null;
        }
        catch (Exception ex)
        {
            // Keep the window and page token; release the lease so the retried message resumes at once.
            await ReleaseAsync(shop.ShopId, owner);
            await runs.SaveAsync(run.Failed(ex, time.GetUtcNow()), CancellationToken.None);
            throw;
        }
    }

    private async Task<OrderPullCheckpoint?> PullWindowAsync(OrderPullShop shop, OrderPullCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
        var context = new OrderShopContext(shop.ShopId, shop.MerchantId, shop.Settings);
        while (checkpoint.PhaseIndex < checkpoint.Phases.Count)
        {
            var phase = checkpoint.Phases[checkpoint.PhaseIndex];
            var filter = phase.Kind switch
            {
                OrderPullPhase.Created => new TikTokOrderSearch { CreateTimeGe = phase.From, CreateTimeLt = phase.To, UpdateTimeLt = checkpoint.WindowTo },
                OrderPullPhase.OpenStatus => new TikTokOrderSearch { OrderStatus = phase.Status, UpdateTimeLt = checkpoint.WindowTo },
                _ => new TikTokOrderSearch { UpdateTimeGe = phase.From, UpdateTimeLt = checkpoint.WindowTo },
            };
            var page = await tiktok.SearchOrdersAsync(reference, filter, new TikTokPageRequest(checkpoint.PageToken, PageSize, TikTokSortField.UpdateTime, TikTokSortOrder.Ascending), cancellationToken);
            var result = await importer.ImportAsync(context, page.Orders, OrderSources.Poll, cancellationToken);
            metrics.OrdersImported(shop.ShopId, result.Counts.New + result.Counts.Updated);
            foreach (var cancelled in result.CancelledAfterRelease)
            {
                await shops.CancelledAfterReleaseAsync(cancelled, cancellationToken);
            }

            var last = string.IsNullOrEmpty(page.NextPageToken);
            var next = checkpoint with
            {
                PhaseIndex = last ? checkpoint.PhaseIndex + 1 : checkpoint.PhaseIndex,
                PageToken = last ? null : page.NextPageToken,
                Pages = checkpoint.Pages + 1,
                Counts = checkpoint.Counts.Add(result.Counts),
            };
            var saved = await checkpoints.TryRenewAsync(next, time.GetUtcNow() + options.Value.Lease, cancellationToken);
            if (saved is null)
            {
                return null;
            }

            checkpoint = saved;
        }

        // The whole window is stored: move the watermark (a backfill leaves it: it looked at older orders only), record
        // what the import now covers, and close the window.
        var closed = checkpoint with
        {
            Watermark = checkpoint.Backfill ? checkpoint.Watermark ?? checkpoint.WindowTo : checkpoint.WindowTo,
            ImportedFrom = Covered(checkpoint),
            OpenOrdersTakenAt = checkpoint.OpenOrdersTakenAt
                ?? (checkpoint.Phases.Any(p => p.Kind == OrderPullPhase.OpenStatus) ? checkpoint.WindowTo : null),
            Backfill = false,
            Phases = [],
            PhaseIndex = 0,
            PageToken = null,
        };
        return await checkpoints.TrySaveAndReleaseAsync(closed, CancellationToken.None);
    }

    /// <summary>
    /// The creation time from which the import holds every order once this window is closed: the earliest start of its
    /// creation-time searches; a first import of open orders only covers what is created from the window's end on.
    /// </summary>
    private static long? Covered(OrderPullCheckpoint window)
    {
        var from = window.ImportedFrom;
        foreach (var phase in window.Phases.Where(p => p is { Kind: OrderPullPhase.Created, From: not null }))
        {
            // A range that reaches what is covered already extends it; a detached one (none is made) would leave a gap.
            if (from is null || phase.To is null || phase.To >= from)
            {
                from = from is { } known ? Math.Min(known, phase.From!.Value) : phase.From;
            }
        }

        return from ?? (window.Watermark is null ? window.WindowTo : null);
    }

    /// <summary>
    /// The creation-time range to backfill, if any: everything since <see cref="OrderPullMessage.Since"/> when support asks
    /// for a re-import; else, when the start date (or the message's) is earlier than what the import covers, that gap.
    /// </summary>
    public static (long From, long? To)? BackfillRange(OrderPullCheckpoint checkpoint, DateTimeOffset? importStartDate, OrderPullMessage message)
    {
        if (checkpoint.Watermark is null)
        {
            return null; // the first import has not finished: it takes the start date itself
        }

        if (message is { Reimport: true, Since: { } again })
        {
            return (TikTokTime.ToUnix(again), null);
        }

        var start = new[] { importStartDate, message.Since }.Where(d => d is not null).Select(d => TikTokTime.ToUnix(d!.Value)).DefaultIfEmpty(long.MaxValue).Min();

        // Checkpoints from before ImportedFrom was kept: take everything created since the start date before the watermark again.
        var covered = checkpoint.ImportedFrom ?? checkpoint.Watermark.Value;
        return start < covered ? (start, covered) : null;
    }

    private OrderPullCheckpoint OpenWindow(OrderPullCheckpoint checkpoint, OrderPullShop shop, OrderPullMessage message, DateTimeOffset now)
    {
        var to = TikTokTime.ToUnix(now - options.Value.Lag);
        var phases = new List<OrderPullPhase>();
        var trigger = message.Trigger;
        var backfill = BackfillRange(checkpoint, shop.ImportStartDate, message);
        if (backfill is { } range)
        {
            phases.Add(new OrderPullPhase(OrderPullPhase.Created, range.From, null, range.To));
            trigger = BackfillTrigger;
        }
        else if (checkpoint.Watermark is { } watermark)
        {
            phases.Add(new OrderPullPhase(OrderPullPhase.Updated, watermark - (long)options.Value.Overlap.TotalSeconds, null));
        }
        else if (message.Since is { } since)
        {
            phases.Add(new OrderPullPhase(OrderPullPhase.Created, TikTokTime.ToUnix(since), null));
            if (message.IncludeOpenOrders)
            {
                phases.AddRange(OpenStatuses.Select(s => new OrderPullPhase(OrderPullPhase.OpenStatus, null, s)));
            }
        }
        else if (shop.ImportStartDate is { } start)
        {
            phases.Add(new OrderPullPhase(OrderPullPhase.Created, TikTokTime.ToUnix(start), null));
        }
        else
        {
            phases.AddRange(OpenStatuses.Select(s => new OrderPullPhase(OrderPullPhase.OpenStatus, null, s)));
        }

        return checkpoint with
        {
            RunId = Guid.NewGuid().ToString("N")[..12],
            Trigger = trigger,
            RunStartedAt = now,
            Backfill = backfill is not null,
            Phases = phases,
            PhaseIndex = 0,
            PageToken = null,
            WindowTo = Math.Max(to, checkpoint.Watermark ?? to),
            Pages = 0,
            Counts = OrderImportCounts.Zero,
        };
    }

    private Task ReleaseAsync(string shopId, string owner) => checkpoints.ReleaseAsync(shopId, owner, CancellationToken.None);

    private RunRecord Finish(RunRecord run, OrderPullCheckpoint checkpoint, RunOutcome outcome) => run with
    {
        EndedAt = time.GetUtcNow(),
        Outcome = outcome,
        Counts = new Dictionary<string, long>
        {
            ["pages"] = checkpoint.Pages,
            ["new"] = checkpoint.Counts.New,
            ["updated"] = checkpoint.Counts.Updated,
            ["unchanged"] = checkpoint.Counts.Unchanged,
            ["skipped"] = checkpoint.Counts.Skipped,
        },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Order pull of shop {ShopId} skipped: {Reason}")]
    private partial void LogSkipped(string shopId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order pull of shop {ShopId} done: {Pages} pages, {New} new, {Updated} updated, {Unchanged} unchanged")]
    private partial void LogPulled(string shopId, int pages, int @new, int updated, int unchanged);
}
