using System.Collections.Concurrent;
using Connector.Shops;
using Connector.Storage;
using Connector.TikTok;
using Connector.TikTok.Auth;
using Microsoft.Extensions.Logging;

namespace Connector.Tokens;

/// <summary>
/// Refreshes one authorization's tokens: one caller per instance (a semaphore), one instance at a time (the
/// <see cref="RefreshLease"/>); re-reads Key Vault under the lease so a refresh another caller just did is used instead
/// of refreshing again; writes the new pair as a new secret version BEFORE the lease is released. A refresh that fails for
/// good is reported to <see cref="IAuthorizationLoss"/> (the shop lifecycle marks the shops and opens the support case).
/// </summary>
public sealed partial class TokenRefresher(
    TokenStore store,
    AuthorizationRepository authorizations,
    ShopRepository shops,
    RefreshLease lease,
    TikTokAuthService auth,
    TikTokApps apps,
    IAuthorizationLoss loss,
    TimeProvider time,
    ILogger<TokenRefresher> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> local = new(StringComparer.Ordinal);

    /// <summary>
    /// Refreshes when <paramref name="needsRefresh"/> still holds for the tokens in Key Vault once the lease is held;
    /// returns the tokens to use either way.
    /// </summary>
    public async Task<TokenSet> RefreshAsync(string authorizationId, Func<TokenSet, bool> needsRefresh, CancellationToken cancellationToken)
    {
        var gate = local.GetOrAdd(authorizationId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using (await lease.AcquireAsync(authorizationId, cancellationToken))
            {
                var current = await store.GetAsync(authorizationId, cancellationToken)
                    ?? throw new InvalidOperationException($"Authorization {authorizationId} has no tokens in Key Vault.");
                if (!needsRefresh(current))
                {
                    return current;
                }

                TikTokAuthorization refreshed;
                try
                {
                    refreshed = await auth.RefreshAsync(apps.Resolve(current.AppKey), current.RefreshToken, cancellationToken);
                }
                catch (TikTokException e) when (e.Kind is TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.InvalidRequest)
                {
                    RefreshFailedForGood(logger, authorizationId, e.Code, e.RequestId);
                    await loss.LostAsync(authorizationId, e, cancellationToken);
                    throw new TikTokException(TikTokErrorKind.AuthorizationRevoked, e.Path, "the seller must authorize the app again", e.Code, e.RequestId, e.HttpStatus);
                }

                var next = TokenStore.From(refreshed) with { AppKey = current.AppKey, OpenId = refreshed.OpenId ?? current.OpenId };
                await store.SaveAsync(authorizationId, next, cancellationToken);
                Refreshed(logger, authorizationId, next.AccessTokenExpiresAt);
                await RecordExpiryAsync(authorizationId, next, cancellationToken);
                return next;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Copies the new expiry dates to the authorization and its shops (dates only; best effort on races).</summary>
    private async Task RecordExpiryAsync(string authorizationId, TokenSet tokens, CancellationToken cancellationToken)
    {
        try
        {
            await OptimisticConcurrency.RetryAsync(async _ =>
            {
                if (await authorizations.GetAsync(authorizationId, cancellationToken) is { } record)
                {
                    record.AccessTokenExpiresAt = tokens.AccessTokenExpiresAt;
                    record.RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt;
                    record.UpdatedAt = time.GetUtcNow();
                    await authorizations.SaveAsync(record, cancellationToken);
                }

                foreach (var shop in await shops.ListByAuthorizationAsync(authorizationId, cancellationToken))
                {
                    shop.AccessTokenExpiresAt = tokens.AccessTokenExpiresAt;
                    shop.RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt;
                    shop.UpdatedAt = time.GetUtcNow();
                    await shops.UpdateAsync(shop, shop.Status, cancellationToken);
                }
            });
        }
        catch (Exception e) when (OptimisticConcurrency.IsConflict(e))
        {
            // Best effort: the dates are only shown to support, and the next refresh copies them again.
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Tokens of authorization {AuthorizationId} refreshed; access token valid until {ExpiresAt}")]
    private static partial void Refreshed(ILogger logger, string authorizationId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "Token refresh of authorization {AuthorizationId} failed for good (code {Code}, request {RequestId}): shops need re-authorization")]
    private static partial void RefreshFailedForGood(ILogger logger, string authorizationId, long? code, string? requestId);
}
