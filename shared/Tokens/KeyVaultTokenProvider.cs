using Connector.Shops;
using Connector.TikTok;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace Connector.Tokens;

/// <summary>
/// Gives the TikTok client a valid access token for a shop: a bounded in-memory cache in front of Key Vault; refreshes
/// ahead of expiry (TokenOptions.RefreshAhead) and when TikTok says the token expired, through <see cref="TokenRefresher"/>.
/// The token carries the app key of the authorization, so the client signs with the app that authorized the shop.
/// </summary>
public sealed partial class KeyVaultTokenProvider : ITikTokTokenProvider, IDisposable
{
    private readonly ShopRepository shops;
    private readonly TokenStore store;
    private readonly TokenRefresher refresher;
    private readonly TokenOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<KeyVaultTokenProvider> logger;
    private readonly MemoryCache cache;

    public KeyVaultTokenProvider(ShopRepository shops, TokenStore store, TokenRefresher refresher, TokenOptions options, TimeProvider time,
        ILogger<KeyVaultTokenProvider> logger)
    {
        this.shops = shops;
        this.store = store;
        this.refresher = refresher;
        this.options = options;
        this.time = time;
        this.logger = logger;
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.CacheSize) * 2L });
    }

    public async ValueTask<TikTokAccessToken> GetAccessTokenAsync(string shopId, CancellationToken cancellationToken)
    {
        var authorizationId = await AuthorizationOfAsync(shopId, cancellationToken);
        var tokens = await CachedTokensAsync(authorizationId, cancellationToken);
        if (NeedsRefresh(tokens))
        {
            try
            {
                tokens = await refresher.RefreshAsync(authorizationId, NeedsRefresh, cancellationToken);
                Remember(authorizationId, tokens);
            }
            catch (Exception e) when (e is not TikTokException { Kind: TikTokErrorKind.AuthorizationRevoked } && tokens.AccessTokenExpiresAt > time.GetUtcNow()
                                      && !cancellationToken.IsCancellationRequested)
            {
                // The token still works: use it, the timer or the next call tries the refresh again.
                RefreshAheadFailed(logger, shopId, authorizationId, e.GetType().Name);
            }
        }

        return ToAccessToken(tokens);
    }

    public async ValueTask<TikTokAccessToken> RefreshAsync(string shopId, string rejectedToken, CancellationToken cancellationToken)
    {
        var authorizationId = await AuthorizationOfAsync(shopId, cancellationToken);
        var tokens = await refresher.RefreshAsync(authorizationId, t => t.AccessToken == rejectedToken || NeedsRefresh(t), cancellationToken);
        Remember(authorizationId, tokens);
        return ToAccessToken(tokens);
    }

    /// <summary>Forgets what this instance cached for an authorization (after an exchange wrote new tokens).</summary>
    public void Forget(string authorizationId) => cache.Remove("tokens|" + authorizationId);

    public void Dispose() => cache.Dispose();

    private bool NeedsRefresh(TokenSet tokens) => tokens.AccessTokenExpiresAt - time.GetUtcNow() <= options.RefreshAhead;

    private static TikTokAccessToken ToAccessToken(TokenSet tokens) => new(tokens.AccessToken, tokens.AccessTokenExpiresAt) { AppKey = tokens.AppKey };

    private async Task<string> AuthorizationOfAsync(string shopId, CancellationToken cancellationToken)
    {
        var key = "shop|" + shopId;
        if (cache.TryGetValue(key, out string? authorizationId) && authorizationId is not null)
        {
            return authorizationId;
        }

        var shop = await shops.GetAsync(shopId, cancellationToken) ?? throw new InvalidOperationException($"Shop {shopId} is not registered.");
        cache.Set(key, shop.AuthorizationId, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.CacheDuration });
        return shop.AuthorizationId;
    }

    private async Task<TokenSet> CachedTokensAsync(string authorizationId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue("tokens|" + authorizationId, out TokenSet? cached) && cached is not null)
        {
            return cached;
        }

        var tokens = await store.GetAsync(authorizationId, cancellationToken)
            ?? throw new InvalidOperationException($"Authorization {authorizationId} has no tokens in Key Vault.");
        Remember(authorizationId, tokens);
        return tokens;
    }

    private void Remember(string authorizationId, TokenSet tokens) =>
        cache.Set("tokens|" + authorizationId, tokens, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.CacheDuration });

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning,
        Message = "Refresh ahead of expiry for shop {ShopId} (authorization {AuthorizationId}) failed ({Error}); the current token is still valid")]
    private static partial void RefreshAheadFailed(ILogger logger, string shopId, string authorizationId, string error);
}
