using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Connector.TikTok.Http;

/// <summary>
/// The client's pace, as TikTok documents its limits (developer guide, rate limits): each API has its own quota per
/// app AND shop (default 50 requests per second), so one bucket per (app, shop, API) — calls to one shop or one API
/// never slow another down. Each bucket refills one token every 1/rate seconds and bursts up to the rate; every attempt,
/// retries included, takes a token.
/// </summary>
public sealed class TikTokRateLimiter : IAsyncDisposable, IDisposable
{
    private readonly TikTokOptions options;
    private readonly bool autoReplenish;
    private readonly ConcurrentDictionary<(string App, string Shop, string Api), TokenBucketRateLimiter> buckets = new();

    public TikTokRateLimiter(IOptions<TikTokOptions> options)
        : this(options.Value, autoReplenish: true)
    {
    }

    /// <summary>Tests turn automatic refilling off and call <see cref="Replenish"/> to step time.</summary>
    internal TikTokRateLimiter(TikTokOptions options, bool autoReplenish)
    {
        this.options = options;
        this.autoReplenish = autoReplenish;
    }

    /// <summary>How many buckets exist (one per app, shop and API used so far).</summary>
    internal int BucketCount => buckets.Count;

    /// <summary>Waits for a token of the (app, shop, API) bucket. <paramref name="api"/> is the path template, ids left as placeholders.</summary>
    /// <exception cref="TikTokException">RateLimited when the bucket's wait queue is full.</exception>
    public async ValueTask<IDisposable> AcquireAsync(string? appKey, string? shopId, string api, CancellationToken cancellationToken)
    {
        var bucket = buckets.GetOrAdd((appKey ?? "-", shopId ?? "-", api), _ => Create(options.RequestsPerSecondPerApi));
        var lease = await bucket.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new TikTokException(TikTokErrorKind.RateLimited, api, "the rate limiter queue of this API and shop is full");
        }

        return lease;
    }

    /// <summary>Adds one token to every bucket (only when automatic refilling is off).</summary>
    internal void Replenish()
    {
        foreach (var limiter in buckets.Values)
        {
            limiter.TryReplenish();
        }
    }

    public void Dispose()
    {
        foreach (var limiter in buckets.Values)
        {
            limiter.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var limiter in buckets.Values)
        {
            await limiter.DisposeAsync();
        }
    }

    private TokenBucketRateLimiter Create(double requestsPerSecond) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, (int)Math.Floor(requestsPerSecond)),
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / requestsPerSecond),
        AutoReplenishment = autoReplenish,
        QueueLimit = options.RateLimitQueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });
}
