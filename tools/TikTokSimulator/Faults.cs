using System.Collections.Concurrent;

namespace TikTokSimulator;

/// <summary>What a fault does; the control API takes the name ("ServerError", any case) or the number.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>HTTP 429 with Retry-After.</summary>
    RateLimited,

    /// <summary>HTTP 500 with code 36009003.</summary>
    ServerError,

    /// <summary>Holds the answer for <see cref="FaultRule.DelayMs"/> (default 30 s), longer than a client should wait.</summary>
    Timeout,

    /// <summary>HTTP 200 with a cut-off JSON body.</summary>
    MalformedJson,

    /// <summary>Extra latency, then the normal answer.</summary>
    Latency,

    /// <summary>
    /// The call is carried out (an order shipped, a product created), then the connection drops before the answer: what a
    /// client sees when its request timed out on the way back. Tests that a retry does not do the work twice.
    /// </summary>
    AnswerLost,
}

/// <summary>
/// A fault to inject. Matches calls of one app (or any) on one path (a route pattern like
/// <c>/product/202309/products/{product_id}</c>, a concrete path, or any); hits <see cref="Count"/> times
/// (null: until cleared), each matching call with probability <see cref="Share"/> drawn from <see cref="Seed"/>.
/// </summary>
public sealed record FaultRule
{
    public string? AppKey { get; init; }
    public string? Path { get; init; }
    public FaultKind Kind { get; init; }
    public int? Count { get; init; } = 1;
    public double Share { get; init; } = 1.0;
    public int Seed { get; init; }
    public int? DelayMs { get; init; }

    /// <summary>Seconds sent in Retry-After on 429 (null: no header).</summary>
    public int? RetryAfterSeconds { get; init; } = 1;
}

public sealed class FaultInjector
{
    private readonly object gate = new();
    private readonly List<Active> rules = [];

    public void Add(FaultRule rule)
    {
        lock (gate)
        {
            rules.Add(new Active(rule, rule.Count, new Random(rule.Seed)));
        }
    }

    public void Clear(string? appKey = null)
    {
        lock (gate)
        {
            rules.RemoveAll(r => appKey is null || r.Rule.AppKey == appKey);
        }
    }

    /// <summary>The fault for this call, if one applies (and uses up one of its hits).</summary>
    public FaultRule? Next(string? appKey, string pattern, string path)
    {
        lock (gate)
        {
            foreach (var active in rules)
            {
                var rule = active.Rule;
                if ((rule.AppKey is not null && rule.AppKey != appKey) || (rule.Path is not null && rule.Path != pattern && rule.Path != path))
                {
                    continue;
                }

                if (active.Remaining is <= 0 || active.Random.NextDouble() >= rule.Share)
                {
                    continue;
                }

                active.Remaining--;
                return rule;
            }

            rules.RemoveAll(r => r.Remaining is <= 0);
            return null;
        }
    }

    private sealed class Active(FaultRule rule, int? remaining, Random random)
    {
        public FaultRule Rule { get; } = rule;
        public int? Remaining { get; set; } = remaining;
        public Random Random { get; } = random;
    }
}

/// <summary>One answered call, as counted per app, shop and path.</summary>
public sealed record SimCall(string? AppKey, string Path, string RawPath, long Time)
{
    public string? ShopId { get; set; }
}

public sealed class CallLog
{
    private readonly ConcurrentQueue<SimCall> calls = new();

    public SimCall Record(string? appKey, string pattern, string path, long time)
    {
        var call = new SimCall(appKey, pattern, path, time);
        calls.Enqueue(call);
        return call;
    }

    /// <summary>Calls matching every given filter; <paramref name="path"/> is a route pattern or a concrete path.</summary>
    public int Count(string? appKey = null, string? path = null, string? shopId = null) => Matching(appKey, path, shopId).Count();

    public IEnumerable<SimCall> Matching(string? appKey = null, string? path = null, string? shopId = null) =>
        calls.Where(c => (appKey is null || c.AppKey == appKey) && (path is null || c.Path == path || c.RawPath == path) && (shopId is null || c.ShopId == shopId));

    public void Clear() => calls.Clear();
}
