using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Connector.TikTok.Http;

/// <summary>
/// The client's own pace: a token bucket per shop and one for the whole app, each refilled at the configured
/// requests per second (one token every 1/rate seconds, bursts up to the rate). Every attempt, retries included,
/// takes a token from both.
/// </summary>
public sealed class TikTokRateLimiter : IAsyncDisposable, IDisposable
{
    private readonly TikTokOptions options;
    private readonly bool autoReplenish;
    private readonly TokenBucketRateLimiter app;
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> shops = new(StringComparer.Ordinal);

    public TikTokRateLimiter(IOptions<TikTokOptions> options)
        : this(options.Value, autoReplenish: true)
    {
    }

    /// <summary>Tests turn automatic refilling off and call <see cref="Replenish"/> to step time.</summary>
    internal TikTokRateLimiter(TikTokOptions options, bool autoReplenish)
    {
        this.options = options;
        this.autoReplenish = autoReplenish;
        app = Create(options.RequestsPerSecondPerApp);
    }

    /// <summary>Waits for a token of the shop (when given) and of the app.</summary>
    /// <exception cref="TikTokException">RateLimited when the wait queue is full.</exception>
    public async ValueTask<IDisposable> AcquireAsync(string? shopId, string path, CancellationToken cancellationToken)
    {
        RateLimitLease? shopLease = null;
        if (shopId is not null)
        {
            var shopLimiter = shops.GetOrAdd(shopId, _ => Create(options.RequestsPerSecondPerShop));
            shopLease = await shopLimiter.AcquireAsync(1, cancellationToken);
            if (!shopLease.IsAcquired)
            {
                shopLease.Dispose();
                throw new TikTokException(TikTokErrorKind.RateLimited, path, "the per-shop rate limiter queue is full");
            }
        }

        var appLease = await app.AcquireAsync(1, cancellationToken);
        if (!appLease.IsAcquired)
        {
            appLease.Dispose();
            shopLease?.Dispose();
            throw new TikTokException(TikTokErrorKind.RateLimited, path, "the per-app rate limiter queue is full");
        }

        return new Leases(shopLease, appLease);
    }

    /// <summary>Adds one token to every bucket (only when automatic refilling is off).</summary>
    internal void Replenish()
    {
        app.TryReplenish();
        foreach (var limiter in shops.Values)
        {
            limiter.TryReplenish();
        }
    }

    public void Dispose()
    {
        app.Dispose();
        foreach (var limiter in shops.Values)
        {
            limiter.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        foreach (var limiter in shops.Values)
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

    private sealed class Leases(RateLimitLease? shop, RateLimitLease app) : IDisposable
    {
        public void Dispose()
        {
            shop?.Dispose();
            app.Dispose();
        }
    }
}
