using System.Collections.Concurrent;
using Connector.Onboarding;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.TikTok;
using Connector.TikTok.Auth;
using Microsoft.Extensions.Logging;

namespace Connector.Tokens;

/// <summary>
/// Refreshes one authorization's tokens: one caller per instance (a semaphore), one instance at a time (the
/// <see cref="RefreshLease"/>); re-reads Key Vault under the lease so a refresh another caller just did is used instead
/// of refreshing again; writes the new pair as a new secret version BEFORE the lease is released. A refresh that fails for
/// good marks the shops ReauthorizationRequired and opens a support case with a fresh re-authorize link.
/// </summary>
public sealed partial class TokenRefresher(
    TokenStore store,
    AuthorizationRepository authorizations,
    ShopRepository shops,
    RefreshLease lease,
    TikTokAuthService auth,
    TikTokApps apps,
    SupportCaseStore cases,
    OnboardingLinks links,
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
                    await AuthorizationLostAsync(authorizationId, e, cancellationToken);
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

    /// <summary>
    /// TikTok no longer accepts the authorization (a refresh or a call failed for good): see the overload with a cause.
    /// </summary>
    public Task AuthorizationLostAsync(string authorizationId, TikTokException error, CancellationToken cancellationToken)
    {
        RefreshFailedForGood(logger, authorizationId, error.Code, error.RequestId);
        return AuthorizationLostAsync(authorizationId, $"code {error.Code}", cancellationToken);
    }

    /// <summary>
    /// The authorization no longer works (a refresh failed for good, or the seller deauthorized the app): the authorization
    /// and its shops become ReauthorizationRequired and one ReauthorizationRequired case opens with a fresh link.
    /// Idempotent: a second call for the same authorization changes nothing and opens no second case.
    /// <paramref name="cause"/> is shown to support (never a token).
    /// </summary>
    public async Task AuthorizationLostAsync(string authorizationId, string cause, CancellationToken cancellationToken)
    {
        var record = await authorizations.GetAsync(authorizationId, cancellationToken);
        if (record is not null && record.Status != AuthorizationStatus.ReauthorizationRequired)
        {
            record.Status = AuthorizationStatus.ReauthorizationRequired;
            record.UpdatedAt = time.GetUtcNow();
            await authorizations.SaveAsync(record, cancellationToken);
        }

        var affected = new List<ShopRecord>();
        foreach (var shop in await shops.ListByAuthorizationAsync(authorizationId, cancellationToken))
        {
            if (shop.Status != ShopStatus.ReauthorizationRequired)
            {
                var before = shop.Status;
                shop.StatusBeforeReauthorization = before;
                shop.Status = ShopStatus.ReauthorizationRequired;
                shop.UpdatedAt = time.GetUtcNow();
                await shops.UpdateAsync(shop, before, cancellationToken);
            }

            affected.Add(shop);
        }

        var merchantId = record?.MerchantId ?? affected.FirstOrDefault()?.MerchantId;
        var names = string.Join(", ", affected.Select(s => $"{s.Name} ({s.ShopId})"));
        string message;
        if (merchantId is null)
        {
            message = $"The TikTok authorization {authorizationId} stopped working ({cause}). It has no merchant: assign it, then send a re-authorize link.";
        }
        else
        {
            var region = affected.FirstOrDefault()?.Region ?? record?.SellerRegion ?? "";
            var link = await links.CreateAsync(merchantId, region, baseUrl: null, cancellationToken);
            message = $"TikTok stopped accepting the authorization of merchant {merchantId} for {names} ({cause}). "
                + $"Send the seller this link to authorize again (valid until {link.ExpiresAt:u}): {link.Url}";
        }

        var key = $"reauth|{authorizationId}|{record?.RefreshTokenExpiresAt.ToUnixTimeSeconds()}|{record?.CreatedAt.ToUnixTimeSeconds()}";
        await cases.OpenAsync(SupportCaseKind.ReauthorizationRequired, key, message, affected.FirstOrDefault()?.ShopId, merchantId, authorizationId, cancellationToken);
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Tokens of authorization {AuthorizationId} refreshed; access token valid until {ExpiresAt}")]
    private static partial void Refreshed(ILogger logger, string authorizationId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "Token refresh of authorization {AuthorizationId} failed for good (code {Code}, request {RequestId}): shops need re-authorization")]
    private static partial void RefreshFailedForGood(ILogger logger, string authorizationId, long? code, string? requestId);
}
