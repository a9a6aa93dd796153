using Connector.Audit;
using Connector.Http;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Auth;
using Microsoft.Extensions.Logging;

namespace Connector.Onboarding;

/// <summary>The onboarding endpoints: admin ones answer JSON or problem+json, browser ones answer HTML pages.</summary>
public sealed partial class OnboardingHandlers(
    OnboardingOptions options,
    OnboardingLinks links,
    OAuthStateStore states,
    OnboardingService onboarding,
    TikTokApps apps,
    TikTokAuthService auth,
    ShopRepository shops,
    AuditLog audit,
    TimeProvider time,
    ILogger<OnboardingHandlers> logger)
{
    /// <summary>POST /api/admin/merchants/{merchantId}/onboarding-links {"region": "GB"}.</summary>
    public async Task<Outcome<OnboardingLinkCreated>> CreateLinkAsync(CreateOnboardingLink request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, region) = (request.MerchantId, request.Region);

        // Shops support deleted come back only when named here: the seller's next authorization for this merchant restores them.
        var errors = new Dictionary<string, string[]>();
        var restore = new List<DeletedShop>();
        for (var i = 0; i < request.RestoreShopIds.Count; i++)
        {
            var shopId = request.RestoreShopIds[i];
            if (!Ids.IsValid(shopId) || await shops.GetDeletedAsync(shopId!, cancellationToken) is not { } deleted)
            {
                errors[$"restoreShopIds[{i}]"] = [$"'{shopId}' is not a shop support deleted"];
                continue;
            }

            restore.Add(deleted);
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid($"The link request is not valid ({string.Join(", ", errors.Keys)}); nothing was changed.", errors);
        }

        if (apps.ForRegion(region) is null)
        {
            return Refusal.Unprocessable($"No TikTok app is configured for region {region}.");
        }

        foreach (var deleted in restore)
        {
            await shops.RememberDeletedAsync(deleted with { RestoreForMerchantId = merchantId, RestoreAllowedAt = time.GetUtcNow(), RestoreAllowedBy = request.Caller }, cancellationToken);
        }

        var link = await links.CreateAsync(merchantId, region, request.BaseUrl, cancellationToken);
        LinkCreated(logger, merchantId, region, link.AppKey, link.ExpiresAt);
        await audit.WriteAsync(request.Caller, AuditActions.CreateOnboardingLink, null, merchantId,
            new { merchantId, region, appKey = link.AppKey, expiresAt = link.ExpiresAt, restoreShopIds = restore.Select(r => r.ShopId) }, cancellationToken);
        var created = new OnboardingLinkCreated(link.Url, merchantId, region, link.AppKey, link.ExpiresAt);
        return Outcome<OnboardingLinkCreated>.Created(created);
    }

    /// <summary>GET /api/oauth/tiktok/authorize?merchant=&amp;region=&amp;expires=&amp;sig= (anonymous): checks the link, redirects to TikTok.</summary>
    public async Task<Outcome<RedirectBody>> AuthorizeAsync(AuthorizeLink request, CancellationToken cancellationToken)
    {
        var (merchantId, region, reason) = await links.VerifyAsync(request, cancellationToken);
        if (reason is not null)
        {
            var reference = Problems.NewReference();
            LinkRefused(logger, reason, reference);
            return new Refusal(RefusalKind.Invalid, $"The onboarding link cannot be used: {reason}.")
            {
                Title = "This link does not work", Advice = "Ask support or your back office for a new link.", Reference = reference,
            };
        }

        var app = apps.ForRegion(region!)!;
        var state = await states.CreateAsync(merchantId!, region!, app.AppKey, time.GetUtcNow(), options.StateLifetime, cancellationToken);
        return new RedirectBody(auth.BuildAuthorizeUrl(app, state.Value));
    }

    /// <summary>GET /api/oauth/tiktok/callback?code=&amp;state= (anonymous): an HTML page naming the shops and what happens next.</summary>
    public async Task<Outcome<PageBody>> CallbackAsync(OAuthRedirect request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await onboarding.CompleteAsync(request.Code, request.State, request.App, cancellationToken, request.Error);
        return Page(outcome);
    }

    /// <summary>POST /api/admin/oauth/complete {"redirectUrl": "..."}: the full URL a merchant pasted, with the same checks.</summary>
    public async Task<Outcome<OnboardingOutcome>> CompleteAsync(CompleteOAuth request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var redirect = request.Redirect;
        var outcome = await onboarding.CompleteAsync(redirect.Code, redirect.State, redirect.App, cancellationToken, redirect.Error);
        if (!outcome.Succeeded)
        {
            var kind = outcome.Error switch
            {
                OnboardingError.TikTokUnreachable or OnboardingError.StillInProgress => RefusalKind.Unavailable,
                OnboardingError.ShopLinkedElsewhere or OnboardingError.ReusedState => RefusalKind.Conflict,
                _ => RefusalKind.Invalid,
            };
            return new Refusal(kind, outcome.Reason ?? "") { Title = outcome.Error.ToString(), Reference = outcome.Reference };
        }

        await AuditOutcomeAsync(request.Caller, AuditActions.CompleteOnboarding, outcome, cancellationToken);
        return outcome;
    }

    /// <summary>POST /api/admin/authorizations/{authorizationId}/assign {"merchantId": "..."}.</summary>
    public async Task<Outcome<OnboardingOutcome>> AssignAsync(AssignAuthorization request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (outcome, notFound, conflict) = await onboarding.AssignAsync(request.AuthorizationId, request.MerchantId, cancellationToken);
        if (notFound is not null)
        {
            return Refusal.NotFound(notFound);
        }

        if (conflict is not null)
        {
            return Refusal.Conflict(conflict);
        }

        await AuditOutcomeAsync(request.Caller, AuditActions.AssignAuthorization, outcome!, cancellationToken);
        return outcome!;
    }

    /// <summary>Records an onboarding write made by support: globally and on each shop it created or updated.</summary>
    private Task AuditOutcomeAsync(string caller, string action, OnboardingOutcome outcome, CancellationToken cancellationToken) =>
        audit.WriteForShopsAsync(caller, action, outcome.Shops.Select(s => s.ShopId), outcome.AuthorizationId,
            new
            {
                outcome.MerchantId,
                outcome.AuthorizationId,
                outcome.Unassigned,
                shops = outcome.Shops.Select(s => new { s.ShopId, s.Name, s.Status, s.Created }),
                outcome.Reference,
            },
            cancellationToken);

    /// <summary>GET /api/admin/shops/{shopId}/reauthorize-link: a fresh onboarding link for the shop's merchant and region.</summary>
    public async Task<Outcome<ReauthorizationLink>> ReauthorizeLinkAsync(ReauthorizeLink request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await shops.GetAsync(request.ShopId, cancellationToken) is not { } shop)
        {
            return Refusal.NotFound($"Shop {request.ShopId} does not exist.");
        }

        if (apps.ForRegion(shop.Region) is null)
        {
            return Refusal.Unprocessable($"No TikTok app is configured for region {shop.Region}.");
        }

        var link = await links.CreateAsync(shop.MerchantId, shop.Region, request.BaseUrl, cancellationToken);
        return new ReauthorizationLink(link.Url, shop.ShopId, shop.MerchantId, shop.Region, shop.Status.ToString(), link.ExpiresAt,
            shop.AccessTokenExpiresAt, shop.RefreshTokenExpiresAt);
    }

    private static Outcome<PageBody> Page(OnboardingOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            var (kind, title) = outcome.Error switch
            {
                OnboardingError.TikTokUnreachable or OnboardingError.StillInProgress => (RefusalKind.Unavailable, "TikTok Shop is not answering"),
                OnboardingError.ShopLinkedElsewhere => (RefusalKind.Conflict, "This shop is linked to another account"),
                OnboardingError.CodeRejected => (RefusalKind.Invalid, "TikTok did not accept this authorization"),
                OnboardingError.AuthorizationDenied => (RefusalKind.Invalid, "The authorization was declined"),
                _ => (RefusalKind.Invalid, "This authorization cannot be completed"),
            };
            return new Refusal(kind, outcome.Reason ?? "")
            {
                Title = title, Advice = "Nothing was changed. Open your onboarding link again, or ask support for a new one.", Reference = outcome.Reference,
            };
        }

        var items = outcome.Shops.Select(s => s.Status == OutcomeShop.DeletedBySupport
            ? $"{s.Name} ({s.ShopId}, {s.Region}): not connected: it was removed from this connector by support and stays removed. Ask support if you want it back."
            : $"{s.Name} ({s.ShopId}, {s.Region}): {s.Status}").ToList();
        if (outcome.Unassigned)
        {
            return new PageBody("TikTok Shop authorized",
                ["Thank you: your TikTok shops are authorized.", "Our support team will link them to your account and activate them shortly; you need not do anything else."],
                items);
        }

        return new PageBody("TikTok Shop connected",
            [outcome.Shops.All(s => s.Status == OutcomeShop.DeletedBySupport)
                ? $"Thank you. No shop was connected to account {outcome.MerchantId}: support removed these shops earlier."
                : $"Thank you: these shops are connected to account {outcome.MerchantId}. Each shows its state now.",
             outcome.Shops.Any(s => s.Status == nameof(ShopStatus.PendingActivation))
                ? "Support will configure and activate new shops shortly; shops that were connected before keep their settings and state."
                : "Shops that were connected before keep their settings and state."],
            items);
    }

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Onboarding link created for merchant {MerchantId}, region {Region}, app {AppKey}, valid until {ExpiresAt}")]
    private static partial void LinkCreated(ILogger logger, string merchantId, string region, string appKey, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "Onboarding link refused: {Reason} (reference {Reference})")]
    private static partial void LinkRefused(ILogger logger, string reason, string reference);
}
