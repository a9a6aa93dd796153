namespace Connector.Runs;

public static class RunKinds
{
    public const string OrderPull = "OrderPull";
    public const string InventoryPush = "InventoryPush";
    public const string ProductSync = "ProductSync";
    public const string TokenRefresh = "TokenRefresh";
    public const string Webhook = "Webhook";
    public const string ListingPush = "ListingPush";
    public const string FinanceSync = "FinanceSync";
}

public enum RunOutcome
{
    Running,
    Succeeded,
    Failed,

    /// <summary>Nothing to do, e.g. the shop is paused or another run holds it.</summary>
    Skipped,
}

/// <summary>One run of a job for a shop: what the task center shows support.</summary>
public sealed record RunRecord
{
    public required string ShopId { get; init; }

    public required string RunId { get; init; }

    public required string Kind { get; init; }

    /// <summary>What started it: schedule, activation, admin, webhook, replay.</summary>
    public required string Trigger { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public RunOutcome Outcome { get; init; } = RunOutcome.Running;

    /// <summary>Counters of the kind of run, e.g. pages, new, updated, unchanged, skipped, skusChanged, failures.</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    /// <summary>Free-form facts: watermarkBefore, watermarkAfter, window, ...</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    public string? ErrorType { get; init; }

    public string? Error { get; init; }

    /// <summary>TikTok's request id of the failing call, for TikTok support.</summary>
    public string? RequestId { get; init; }

    /// <summary>A run starting now: what a worker records before its first call.</summary>
    public static RunRecord Start(string shopId, string kind, string trigger, DateTimeOffset at) => new()
    {
        ShopId = shopId, RunId = Guid.NewGuid().ToString("N")[..12], Kind = kind, Trigger = trigger, StartedAt = at,
    };

    /// <summary>This run, ended well at <paramref name="at"/> with its counts and facts.</summary>
    public RunRecord Succeeded(DateTimeOffset at, IReadOnlyDictionary<string, long> counts, IReadOnlyDictionary<string, string>? details = null) => this with
    {
        EndedAt = at,
        Outcome = RunOutcome.Succeeded,
        Counts = counts,
        Details = details ?? Details,
    };

    /// <summary>This run, ended at <paramref name="at"/> by <paramref name="error"/> (typed: "TikTok.{Kind}" for TikTok's errors).</summary>
    public RunRecord Failed(Exception error, DateTimeOffset at) => this with
    {
        EndedAt = at,
        Outcome = RunOutcome.Failed,
        ErrorType = error is TikTok.TikTokException tiktok ? "TikTok." + tiktok.Kind : error.GetType().Name,
        Error = error.Message,
        RequestId = (error as TikTok.TikTokException)?.RequestId,
    };
}
