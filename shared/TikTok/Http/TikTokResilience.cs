using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Connector.TikTok.Http;

/// <summary>
/// The Polly v8 pipelines every TikTok call runs in: a total timeout around a jittered exponential retry
/// (transient errors and 429 only, Retry-After honoured) around a per-attempt timeout. Non-transient 4xx
/// answers are never retried.
/// </summary>
public sealed class TikTokResilience
{
    private static readonly ResiliencePropertyKey<string> PathKey = new("tiktok.path");
    private static readonly ResiliencePropertyKey<string> ShopKey = new("tiktok.shop");

    private readonly TikTokOptions options;
    private readonly ResiliencePipeline calls;
    private readonly ResiliencePipeline attempts;

    public TikTokResilience(IOptions<TikTokOptions> options, TimeProvider timeProvider, ILogger<TikTokResilience> logger)
    {
        this.options = options.Value;
        var settings = options.Value;

        calls = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(settings.TotalTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is TikTokException { IsRetryable: true }),
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is TikTokException { RetryAfter: { } retryAfter }
                        ? (TimeSpan?)(retryAfter < settings.MaxRetryDelay ? retryAfter : settings.MaxRetryDelay)
                        : null),
                OnRetry = args =>
                {
                    var error = args.Outcome.Exception as TikTokException;
                    TikTokLog.Retrying(logger, args.Context.Properties.GetValue(PathKey, "?"), args.Context.Properties.GetValue(ShopKey, "-"),
                        error?.Kind, error?.Code, error?.RequestId, args.AttemptNumber + 1, settings.MaxRetries, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        attempts = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(settings.AttemptTimeout)
            .Build();
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails for good, or the budget is spent.</summary>
    /// <param name="limiter">When given, every attempt first waits for a token (outside the attempt timeout).</param>
    /// <param name="appKey">The app of the call (its rate limit bucket is per app, shop and API).</param>
    /// <param name="api">The path template of the call (the API of its bucket); default: <paramref name="path"/>.</param>
    public async Task<T> ExecuteAsync<T>(string path, string? shopId, TikTokRateLimiter? limiter,
        Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken, string? appKey = null, string? api = null)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(PathKey, path);
        context.Properties.Set(ShopKey, shopId ?? "-");
        try
        {
            return await calls.ExecuteAsync(
                async ctx =>
                {
                    using var lease = limiter is null ? null : await limiter.AcquireAsync(appKey, shopId, api ?? path, ctx.CancellationToken);
                    try
                    {
                        return await attempts.ExecuteAsync(async token => await attempt(token), ctx.CancellationToken);
                    }
                    catch (TimeoutRejectedException e)
                    {
                        throw new TikTokException(TikTokErrorKind.Transient, path, $"no answer within {options.AttemptTimeout}", innerException: e);
                    }
                },
                context);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TikTokException(TikTokErrorKind.Transient, path, $"no success within the total budget of {options.TotalTimeout}", innerException: e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
