using System.Text.Json;
using Connector.Http;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.TikTok;
using Connector.TikTok.Api;
using Connector.TikTok.Auth;
using Connector.Tokens;
using Microsoft.Extensions.Logging;

namespace Connector.Onboarding;

/// <summary>
/// Completes a seller authorization: validates the state, exchanges the code, lists the shops, refuses a shop linked to
/// another merchant, then (and only then) writes the tokens to Key Vault, the authorization, the shops and the support
/// cases. The same callback twice shows the first result and writes nothing again.
/// </summary>
public sealed partial class OnboardingService(
    OnboardingOptions options,
    OAuthStateStore states,
    TikTokApps apps,
    TikTokAuthService auth,
    ITikTokShopClient client,
    TokenStore tokens,
    KeyVaultTokenProvider provider,
    AuthorizationRepository authorizations,
    ShopRepository shops,
    SupportCaseStore cases,
    TimeProvider time,
    ILogger<OnboardingService> logger)
{
    /// <summary>Runs the callback (or a pasted redirect URL's query).</summary>
    /// <param name="error">TikTok's <c>error</c> parameter: <c>auth_denied</c> (with <c>code=null</c>) when the seller declined.</param>
    public async Task<OnboardingOutcome> CompleteAsync(string? code, string? state, string? appHint, CancellationToken cancellationToken, string? error = null)
    {
        var reference = Problems.NewReference();
        try
        {
            // TikTok's authorization guide: a seller who rejects is still redirected, with "code=null&error=auth_denied".
            // That is the seller's answer, not a code to exchange: nothing is called, stored or claimed (the link still works).
            if (!string.IsNullOrWhiteSpace(error) || string.Equals(code, "null", StringComparison.Ordinal))
            {
                throw new OnboardingRefused(OnboardingError.AuthorizationDenied,
                    "The authorization was declined on TikTok" + (string.IsNullOrWhiteSpace(error) ? "" : $" ({error})") + ": no shop was connected.");
            }

            var outcome = await RunAsync(code, state, appHint, reference, cancellationToken);
            if (outcome.Succeeded)
            {
                Completed(logger, outcome.MerchantId ?? "(unassigned)", outcome.AuthorizationId, outcome.Shops.Count, outcome.Reference);
            }

            return outcome;
        }
        catch (OnboardingRefused refused)
        {
            Refused(logger, refused.Error, refused.Message, reference);
            return OnboardingOutcome.Failed(refused.Error, refused.Message, reference);
        }
    }

    private async Task<OnboardingOutcome> RunAsync(string? code, string? stateValue, string? appHint, string reference, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new OnboardingRefused(OnboardingError.MissingCode, "TikTok sent no authorization code.");
        }

        var codeHash = OAuthStateStore.Hash(code);
        OAuthState? state = null;
        if (string.IsNullOrWhiteSpace(stateValue))
        {
            if (!options.AcceptCallbacksWithoutState)
            {
                throw new OnboardingRefused(OnboardingError.MissingState, "The answer from TikTok has no state.");
            }
        }
        else
        {
            state = await states.GetAsync(stateValue, cancellationToken)
                ?? throw new OnboardingRefused(OnboardingError.UnknownState, "The state is not one this connector issued.");
            if (state.UsedByCode is not null && state.UsedByCode != codeHash)
            {
                throw new OnboardingRefused(OnboardingError.ReusedState, "This authorization link was already used.");
            }

            if (state.UsedByCode is null && state.ExpiresAt <= now)
            {
                throw new OnboardingRefused(OnboardingError.ExpiredState, "The authorization took longer than allowed; the state has expired.");
            }
        }

        if (await states.TryClaimCallbackAsync(codeHash, now, cancellationToken) is { } claim)
        {
            return await CurrentAsync(await EarlierResultAsync(codeHash, claim, cancellationToken), cancellationToken);
        }

        try
        {
            var outcome = await ProcessAsync(code, state, appHint, codeHash, reference, cancellationToken);
            await states.CompleteCallbackAsync(codeHash, JsonSerializer.Serialize(outcome), CancellationToken.None);
            return outcome;
        }
        catch
        {
            await states.ReleaseCallbackAsync(codeHash, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// An earlier result shown again (the seller reloads the page, or support pastes the URL twice): with each shop as it
    /// is now (activated, paused, assigned or deleted since), not as it was then.
    /// </summary>
    private async Task<OnboardingOutcome> CurrentAsync(OnboardingOutcome earlier, CancellationToken cancellationToken)
    {
        if (!earlier.Succeeded)
        {
            return earlier;
        }

        var shopsNow = new List<OutcomeShop>();
        foreach (var shop in earlier.Shops)
        {
            if (await shops.GetAsync(shop.ShopId, cancellationToken) is { } now)
            {
                shopsNow.Add(shop with { Name = now.Name, Region = now.Region, Status = now.Status.ToString() });
            }
            else if (await shops.GetDeletedAsync(shop.ShopId, cancellationToken) is not null)
            {
                shopsNow.Add(shop with { Status = OutcomeShop.DeletedBySupport });
            }
            else
            {
                shopsNow.Add(shop);
            }
        }

        var assignedSince = earlier.Unassigned && earlier.AuthorizationId is { } id && (await authorizations.GetAsync(id, cancellationToken))?.MerchantId is { } merchant
            ? merchant
            : null;
        return earlier with
        {
            Shops = shopsNow,
            MerchantId = earlier.MerchantId ?? assignedSince,
            Unassigned = earlier.Unassigned && assignedSince is null,
        };
    }

    private async Task<OnboardingOutcome> EarlierResultAsync(string codeHash, (bool Completed, string? Outcome) claim, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.DuplicateCallbackWait;
        while (!claim.Completed && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            if (await states.GetCallbackAsync(codeHash, cancellationToken) is not { } current)
            {
                throw new OnboardingRefused(OnboardingError.CodeRejected, "The same authorization was just tried and failed; start again from the link.");
            }

            claim = current;
        }

        return claim is { Completed: true, Outcome: { } json }
            ? JsonSerializer.Deserialize<OnboardingOutcome>(json)!
            : throw new OnboardingRefused(OnboardingError.StillInProgress, "This authorization is still being processed; reload the page in a minute.");
    }

    private async Task<OnboardingOutcome> ProcessAsync(string code, OAuthState? state, string? appHint, string codeHash, string reference,
        CancellationToken cancellationToken)
    {
        var (app, granted) = await ExchangeAsync(code, state, appHint, cancellationToken);
        IReadOnlyList<TikTokAuthorizedShop> listed;
        try
        {
            listed = await client.GetAuthorizedShopsAsync(granted.AccessToken, cancellationToken);
        }
        catch (TikTokException e)
        {
            throw Refusal(e, "listing the authorized shops");
        }

        var authorizationId = AuthorizationRepository.IdFor(app.AppKey, granted.OpenId);
        var existing = await authorizations.GetAsync(authorizationId, cancellationToken);
        var merchantId = state?.MerchantId ?? existing?.MerchantId;
        if (merchantId is not null)
        {
            await RefuseShopsOfOtherMerchantsAsync(listed, merchantId, cancellationToken);
        }

        if (state is not null && !await states.TryMarkUsedAsync(state, codeHash, time.GetUtcNow(), cancellationToken))
        {
            throw new OnboardingRefused(OnboardingError.ReusedState, "This authorization link was already used.");
        }

        // From here on everything is written; tokens first, to Key Vault only.
        await tokens.SaveAsync(authorizationId, TokenStore.From(granted), cancellationToken);
        provider.Forget(authorizationId);
        var record = await SaveAuthorizationAsync(authorizationId, existing, app, granted, listed, merchantId, cancellationToken);

        if (merchantId is null)
        {
            await cases.OpenAsync(SupportCaseKind.AssignAuthorization, $"assign|{authorizationId}|{codeHash}",
                $"TikTok seller {granted.SellerName} ({granted.SellerBaseRegion}) authorized shops {Describe(listed)} without a merchant (TikTok dropped the state). "
                + $"Assign it: POST /api/admin/authorizations/{authorizationId}/assign {{\"merchantId\": \"...\"}}.",
                listed.FirstOrDefault()?.Id, null, authorizationId, cancellationToken);
            return new OnboardingOutcome
            {
                Reference = reference, AuthorizationId = authorizationId, Unassigned = true,
                Shops = listed.Select(s => new OutcomeShop(s.Id, s.Name, s.Region, "AwaitingAssignment", false)).ToList(),
            };
        }

        var outcomeShops = await UpsertShopsAsync(record, merchantId, cancellationToken);
        await CloseCasesOfAuthorizationAsync(authorizationId, listed.Select(s => s.Id).ToHashSet(StringComparer.Ordinal), merchantId, cancellationToken);
        return new OnboardingOutcome { Reference = reference, MerchantId = merchantId, AuthorizationId = authorizationId, Shops = outcomeShops };
    }

    /// <summary>Assigns an authorization that arrived without a merchant, creating its shops.</summary>
    public async Task<(OnboardingOutcome? Outcome, string? NotFound, string? Conflict)> AssignAsync(string authorizationId, string merchantId,
        CancellationToken cancellationToken)
    {
        var record = await authorizations.GetAsync(authorizationId, cancellationToken);
        if (record is null)
        {
            return (null, $"Authorization {authorizationId} does not exist.", null);
        }

        if (record.MerchantId is not null && record.MerchantId != merchantId)
        {
            return (null, null, $"Authorization {authorizationId} belongs to merchant {record.MerchantId}.");
        }

        try
        {
            await RefuseShopsOfOtherMerchantsAsync(record.Shops, merchantId, cancellationToken);
        }
        catch (OnboardingRefused refused)
        {
            return (null, null, refused.Message);
        }

        record.MerchantId = merchantId;
        record.UpdatedAt = time.GetUtcNow();
        await authorizations.SaveAsync(record, cancellationToken);
        var outcomeShops = await UpsertShopsAsync(record, merchantId, cancellationToken);
        await cases.ResolveOpenAsync([SupportCaseKind.AssignAuthorization], c => c.AuthorizationId == authorizationId,
            $"Closed by the connector: the authorization was assigned to merchant {merchantId}.", cancellationToken);
        Assigned(logger, authorizationId, merchantId, outcomeShops.Count);
        return (new OnboardingOutcome { Reference = Problems.NewReference(), MerchantId = merchantId, AuthorizationId = authorizationId, Shops = outcomeShops }, null, null);
    }

    /// <summary>
    /// The seller authorized (again) with a merchant known: cases about this authorization that needed exactly that are
    /// closed: re-authorization required, authorization expiring, and an assignment TikTok's dropped state had asked for.
    /// </summary>
    private async Task CloseCasesOfAuthorizationAsync(string authorizationId, IReadOnlySet<string> shopIds, string merchantId, CancellationToken cancellationToken)
    {
        var closed = await cases.ResolveOpenAsync(
            [SupportCaseKind.ReauthorizationRequired, SupportCaseKind.AuthorizationExpiring, SupportCaseKind.AssignAuthorization],
            c => (c.Kind is SupportCaseKind.ReauthorizationRequired or SupportCaseKind.AuthorizationExpiring
                  && (c.AuthorizationId == authorizationId || (c.ShopId is not null && shopIds.Contains(c.ShopId))))
                 || (c.Kind == SupportCaseKind.AssignAuthorization && c.AuthorizationId == authorizationId),
            $"Closed by the connector: the seller authorized again for merchant {merchantId} at {time.GetUtcNow():u}.", cancellationToken);
        foreach (var done in closed)
        {
            CaseClosed(logger, done.CaseId, done.Kind, authorizationId);
        }
    }

    private async Task<(TikTokApp App, TikTokAuthorization Granted)> ExchangeAsync(string code, OAuthState? state, string? appHint, CancellationToken cancellationToken)
    {
        var candidates = state is not null ? [apps.Resolve(state.AppKey)]
            : apps.Find(appHint) is { } hinted ? [hinted]
            : apps.All;
        TikTokException? last = null;
        foreach (var app in candidates)
        {
            try
            {
                return (app, await auth.ExchangeCodeAsync(app, code, cancellationToken));
            }
            catch (TikTokException e) when (e.Kind is TikTokErrorKind.InvalidRequest or TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.Unknown)
            {
                last = e; // rejected by this app: with no state, the code may belong to another app
            }
            catch (TikTokException e)
            {
                throw Refusal(e, "the code exchange");
            }
        }

        throw Refusal(last!, "the code exchange");
    }

    private static OnboardingRefused Refusal(TikTokException e, string step) => e.IsRetryable
        ? new OnboardingRefused(OnboardingError.TikTokUnreachable, $"TikTok could not be reached during {step} ({e.Kind}, request {e.RequestId}); try again in a few minutes.")
        : new OnboardingRefused(OnboardingError.CodeRejected, $"TikTok rejected {step} ({e.Kind}, code {e.Code}, request {e.RequestId}): the code may have expired or been used already.");

    private async Task RefuseShopsOfOtherMerchantsAsync(IEnumerable<TikTokAuthorizedShop> listed, string merchantId, CancellationToken cancellationToken)
    {
        foreach (var shop in listed)
        {
            if (await shops.GetAsync(shop.Id, cancellationToken) is { } known && known.MerchantId != merchantId)
            {
                // Refused, and support hears of it: one of the two merchants is about to call.
                await cases.OpenAsync(SupportCaseKind.ShopClaimedByAnotherMerchant,
                    $"claimed|{shop.Id}|{known.MerchantId}|{merchantId}|{time.GetUtcNow():yyyy-MM-dd}",
                    $"Merchant {merchantId} tried to connect TikTok shop {shop.Name} ({shop.Id}), which belongs to merchant {known.MerchantId}; it was refused and nothing changed. "
                    + $"If the shop has moved to {merchantId}, delete it from {known.MerchantId} (DELETE /api/admin/shops/{shop.Id}?confirm={shop.Id}, which removes its data) "
                    + $"and send {merchantId} a new onboarding link; otherwise tell {merchantId} the shop is connected elsewhere.",
                    shop.Id, merchantId, null, cancellationToken);
                throw new OnboardingRefused(OnboardingError.ShopLinkedElsewhere,
                    $"The TikTok shop {shop.Name} ({shop.Id}) is already linked to another merchant. One shop belongs to one merchant: contact support to move it.");
            }
        }
    }

    private async Task<AuthorizationRecord> SaveAuthorizationAsync(string authorizationId, AuthorizationRecord? existing, TikTokApp app, TikTokAuthorization granted,
        IReadOnlyList<TikTokAuthorizedShop> listed, string? merchantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await OptimisticConcurrency.RetryAsync(async attempt =>
        {
            if (attempt > 1)
            {
                existing = await authorizations.GetAsync(authorizationId, cancellationToken);
            }

            var record = existing ?? new AuthorizationRecord { AuthorizationId = authorizationId, AppKey = app.AppKey, CreatedAt = now };
            record.AppKey = app.AppKey;
            record.OpenId = granted.OpenId;
            record.SellerName = granted.SellerName;
            record.SellerRegion = granted.SellerBaseRegion;
            record.MerchantId = merchantId;
            record.Status = AuthorizationStatus.Active;
            record.AccessTokenExpiresAt = granted.AccessToken.ExpiresAt;
            record.RefreshTokenExpiresAt = granted.RefreshTokenExpiresAt;
            record.Shops = listed;
            record.UpdatedAt = now;
            await authorizations.SaveAsync(record, cancellationToken);
            return record;
        });
    }

    /// <summary>Creates each shop PendingActivation, or updates it keeping its status and settings; opens activation cases.</summary>
    private async Task<IReadOnlyList<OutcomeShop>> UpsertShopsAsync(AuthorizationRecord record, string merchantId, CancellationToken cancellationToken)
    {
        var result = new List<OutcomeShop>();
        foreach (var listed in record.Shops)
        {
            // A shop support deleted stays deleted unless support asked for it back for this merchant.
            var deleted = await shops.GetDeletedAsync(listed.Id, cancellationToken);
            if (deleted is not null && deleted.RestoreForMerchantId != merchantId)
            {
                DeletedShopKept(logger, listed.Id, merchantId, record.AuthorizationId);
                result.Add(new OutcomeShop(listed.Id, listed.Name, listed.Region, OutcomeShop.DeletedBySupport, false));
                continue;
            }

            var (shop, created) = await UpsertShopAsync(record, listed, merchantId, cancellationToken);
            if (deleted is not null)
            {
                await shops.ForgetDeletedAsync(listed.Id, cancellationToken);
            }

            if (shop.Status == ShopStatus.PendingActivation)
            {
                await cases.OpenAsync(SupportCaseKind.ActivateShop, $"activate|{shop.ShopId}|{merchantId}",
                    $"Activate shop {shop.Name} ({shop.ShopId}, region {shop.Region}) for merchant {merchantId}: check its settings, then set it Active.",
                    shop.ShopId, merchantId, record.AuthorizationId, cancellationToken);
            }

            result.Add(new OutcomeShop(shop.ShopId, shop.Name, shop.Region, shop.Status.ToString(), created));
        }

        return result;
    }

    private async Task<(ShopRecord Shop, bool Created)> UpsertShopAsync(AuthorizationRecord record, TikTokAuthorizedShop listed, string merchantId,
        CancellationToken cancellationToken)
    {
        return await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var now = time.GetUtcNow();
            if (await shops.GetAsync(listed.Id, cancellationToken) is not { } shop)
            {
                shop = new ShopRecord
                {
                    ShopId = listed.Id, MerchantId = merchantId, AppKey = record.AppKey, AuthorizationId = record.AuthorizationId,
                    Status = ShopStatus.PendingActivation, CreatedAt = now,
                };
                Apply(shop, record, listed, now);
                await shops.CreateAsync(shop, cancellationToken);
                return (shop, true);
            }

            var before = shop.Status;
            Apply(shop, record, listed, now);
            if (shop.Status == ShopStatus.ReauthorizationRequired)
            {
                shop.Status = shop.StatusBeforeReauthorization ?? ShopStatus.PendingActivation;
                shop.StatusBeforeReauthorization = null;
            }

            await shops.UpdateAsync(shop, before, cancellationToken);
            return (shop, false);
        });
    }

    private static void Apply(ShopRecord shop, AuthorizationRecord record, TikTokAuthorizedShop listed, DateTimeOffset now)
    {
        shop.TikTokName = listed.Name;
        if (!shop.RenamedBySupport)
        {
            shop.Name = listed.Name;
        }

        shop.Region = listed.Region;
        shop.Cipher = listed.Cipher;
        shop.SellerType = listed.SellerType;
        shop.AppKey = record.AppKey;
        shop.AuthorizationId = record.AuthorizationId;
        shop.AccessTokenExpiresAt = record.AccessTokenExpiresAt;
        shop.RefreshTokenExpiresAt = record.RefreshTokenExpiresAt;
        shop.UpdatedAt = now;
    }

    private static string Describe(IEnumerable<TikTokAuthorizedShop> listed) => string.Join(", ", listed.Select(s => $"{s.Name} ({s.Id})"));

    [LoggerMessage(EventId = 4307, Level = LogLevel.Information, Message = "Support case {CaseId} ({Kind}) closed: authorization {AuthorizationId} was given again")]
    private static partial void CaseClosed(ILogger logger, string caseId, SupportCaseKind kind, string authorizationId);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Information,
        Message = "Shop {ShopId} was deleted by support and is not brought back by authorization {AuthorizationId} of merchant {MerchantId}")]
    private static partial void DeletedShopKept(ILogger logger, string shopId, string merchantId, string authorizationId);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Onboarding refused ({Error}): {Reason} (reference {Reference})")]
    private static partial void Refused(ILogger logger, OnboardingError error, string reason, string reference);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information,
        Message = "Onboarding completed for merchant {MerchantId}: authorization {AuthorizationId}, {ShopCount} shops (reference {Reference})")]
    private static partial void Completed(ILogger logger, string merchantId, string? authorizationId, int shopCount, string reference);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Authorization {AuthorizationId} assigned to merchant {MerchantId}: {ShopCount} shops")]
    private static partial void Assigned(ILogger logger, string authorizationId, string merchantId, int shopCount);
}
