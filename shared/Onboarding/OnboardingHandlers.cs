using System.Text.RegularExpressions;
using System.Web;
using Connector.Audit;
using Connector.Http;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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
    public sealed record LinkRequest(string? Region, IReadOnlyList<string?>? RestoreShopIds = null);

    public sealed record CompleteRequest(string? RedirectUrl);

    public sealed record AssignRequest(string? MerchantId);

    /// <summary>POST /api/admin/merchants/{merchantId}/onboarding-links {"region": "GB"}.</summary>
    public async Task<IActionResult> CreateLinkAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        var (body, bodyProblem) = await RequestBody.ReadAsync<LinkRequest>(request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var errors = new Dictionary<string, string[]>();
        var region = body?.Region?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(region))
        {
            errors["region"] = ["required: the seller's 2 or 3 letter region code, e.g. GB or US"];
        }
        else if (!Regex.IsMatch(region, "^[A-Z]{2,3}$"))
        {
            errors["region"] = ["must be a 2 or 3 letter region code, e.g. GB or US"];
        }

        // Shops support deleted come back only when named here: the seller's next authorization for this merchant restores them.
        var restore = new List<DeletedShop>();
        var requested = body?.RestoreShopIds ?? [];
        for (var i = 0; i < requested.Count; i++)
        {
            if (!AdminRequest.IsId(requested[i]) || await shops.GetDeletedAsync(requested[i]!, cancellationToken) is not { } deleted)
            {
                errors[$"restoreShopIds[{i}]"] = [$"'{requested[i]}' is not a shop support deleted"];
                continue;
            }

            restore.Add(deleted);
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"The link request is not valid ({string.Join(", ", errors.Keys)}); nothing was changed.", errors);
        }

        if (apps.ForRegion(region!) is null)
        {
            return Problems.Unprocessable($"No TikTok app is configured for region {region}.");
        }

        var keyName = AdminCaller.KeyName(request);
        foreach (var deleted in restore)
        {
            await shops.RememberDeletedAsync(deleted with { RestoreForMerchantId = merchantId, RestoreAllowedAt = time.GetUtcNow(), RestoreAllowedBy = keyName }, cancellationToken);
        }

        var link = await links.CreateAsync(merchantId, region!, OnboardingLinks.BaseOf(request), cancellationToken);
        LinkCreated(logger, merchantId, region!, link.AppKey, link.ExpiresAt);
        await audit.WriteAsync(keyName, AuditActions.CreateOnboardingLink, null, merchantId,
            new { merchantId, region, appKey = link.AppKey, expiresAt = link.ExpiresAt, restoreShopIds = restore.Select(r => r.ShopId) }, cancellationToken);
        return Problems.Json(new { url = link.Url, merchantId, region, appKey = link.AppKey, expiresAt = link.ExpiresAt }, StatusCodes.Status201Created);
    }

    /// <summary>GET /api/oauth/tiktok/authorize?merchant=&amp;region=&amp;expires=&amp;sig= (anonymous): checks the link, redirects to TikTok.</summary>
    public async Task<IActionResult> AuthorizeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (merchantId, region, reason) = await links.VerifyAsync(request.Query, cancellationToken);
        if (reason is not null)
        {
            var reference = Problems.NewReference();
            LinkRefused(logger, reason, reference);
            return HtmlPage.Error(StatusCodes.Status400BadRequest, "This link does not work",
                [$"The onboarding link cannot be used: {reason}.", "Ask support or your back office for a new link."], reference);
        }

        var app = apps.ForRegion(region!)!;
        var state = await states.CreateAsync(merchantId!, region!, app.AppKey, time.GetUtcNow(), options.StateLifetime, cancellationToken);
        return new RedirectResult(auth.BuildAuthorizeUrl(app, state.Value).ToString());
    }

    /// <summary>GET /api/oauth/tiktok/callback?code=&amp;state= (anonymous): an HTML page naming the shops and what happens next.</summary>
    public async Task<IActionResult> CallbackAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var outcome = await onboarding.CompleteAsync(request.Query["code"], request.Query["state"], request.Query["app"], cancellationToken, request.Query["error"]);
        return Page(outcome);
    }

    /// <summary>POST /api/admin/oauth/complete {"redirectUrl": "..."}: the full URL a merchant pasted, with the same checks.</summary>
    public async Task<IActionResult> CompleteAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await RequestBody.ReadAsync<CompleteRequest>(request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (body?.RedirectUrl is not { Length: > 0 } pasted || !Uri.TryCreate(pasted.Trim(), UriKind.Absolute, out var url))
        {
            return Problems.BadRequest("The body must be {\"redirectUrl\": \"<the full URL from the browser's address bar>\"}.",
                new Dictionary<string, string[]> { ["redirectUrl"] = [string.IsNullOrWhiteSpace(body?.RedirectUrl) ? "required: the full URL from the browser's address bar" : "must be a full URL (https://...?code=...&state=...)"] });
        }

        var query = HttpUtility.ParseQueryString(url.Query);
        var outcome = await onboarding.CompleteAsync(query["code"], query["state"], query["app"], cancellationToken, query["error"]);
        if (!outcome.Succeeded)
        {
            var status = outcome.Error switch
            {
                OnboardingError.TikTokUnreachable or OnboardingError.StillInProgress => StatusCodes.Status503ServiceUnavailable,
                OnboardingError.ShopLinkedElsewhere or OnboardingError.ReusedState => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return Problems.Create(status, outcome.Error.ToString()!, outcome.Reason ?? "", reference: outcome.Reference);
        }

        await AuditOutcomeAsync(request, AuditActions.CompleteOnboarding, outcome, cancellationToken);
        return Problems.Json(outcome);
    }

    /// <summary>POST /api/admin/authorizations/{authorizationId}/assign {"merchantId": "..."}.</summary>
    public async Task<IActionResult> AssignAsync(HttpRequest request, string authorizationId, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await RequestBody.ReadAsync<AssignRequest>(request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (Ids.Check(("authorizationId", authorizationId), ("merchantId", body?.MerchantId)) is { } badId)
        {
            return badId;
        }

        var merchantId = body!.MerchantId!;

        var (outcome, notFound, conflict) = await onboarding.AssignAsync(authorizationId, merchantId, cancellationToken);
        if (notFound is not null)
        {
            return Problems.NotFound(notFound);
        }

        if (conflict is not null)
        {
            return Problems.Conflict(conflict);
        }

        await AuditOutcomeAsync(request, AuditActions.AssignAuthorization, outcome!, cancellationToken);
        return Problems.Json(outcome!);
    }

    /// <summary>Records an onboarding write made by support: globally and on each shop it created or updated.</summary>
    private Task AuditOutcomeAsync(HttpRequest request, string action, OnboardingOutcome outcome, CancellationToken cancellationToken) =>
        audit.WriteForShopsAsync(AdminCaller.KeyName(request), action, outcome.Shops.Select(s => s.ShopId), outcome.AuthorizationId,
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
    public async Task<IActionResult> ReauthorizeLinkAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("shopId", shopId)) is { } badId)
        {
            return badId;
        }

        if (await shops.GetAsync(shopId, cancellationToken) is not { } shop)
        {
            return Problems.NotFound($"Shop {shopId} does not exist.");
        }

        if (apps.ForRegion(shop.Region) is null)
        {
            return Problems.Unprocessable($"No TikTok app is configured for region {shop.Region}.");
        }

        var link = await links.CreateAsync(shop.MerchantId, shop.Region, OnboardingLinks.BaseOf(request), cancellationToken);
        return Problems.Json(new
        {
            url = link.Url, shopId, merchantId = shop.MerchantId, region = shop.Region, status = shop.Status.ToString(), expiresAt = link.ExpiresAt,
            accessTokenExpiresAt = shop.AccessTokenExpiresAt, refreshTokenExpiresAt = shop.RefreshTokenExpiresAt,
        });
    }

    private static IActionResult Page(OnboardingOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            var (status, title) = outcome.Error switch
            {
                OnboardingError.TikTokUnreachable or OnboardingError.StillInProgress => (StatusCodes.Status503ServiceUnavailable, "TikTok Shop is not answering"),
                OnboardingError.ShopLinkedElsewhere => (StatusCodes.Status409Conflict, "This shop is linked to another account"),
                OnboardingError.CodeRejected => (StatusCodes.Status400BadRequest, "TikTok did not accept this authorization"),
                OnboardingError.AuthorizationDenied => (StatusCodes.Status400BadRequest, "The authorization was declined"),
                _ => (StatusCodes.Status400BadRequest, "This authorization cannot be completed"),
            };
            return HtmlPage.Error(status, title,
                [outcome.Reason ?? "", "Nothing was changed. Open your onboarding link again, or ask support for a new one."], outcome.Reference);
        }

        var items = outcome.Shops.Select(s => s.Status == OutcomeShop.DeletedBySupport
            ? $"{s.Name} ({s.ShopId}, {s.Region}): not connected: it was removed from this connector by support and stays removed. Ask support if you want it back."
            : $"{s.Name} ({s.ShopId}, {s.Region}): {s.Status}");
        if (outcome.Unassigned)
        {
            return HtmlPage.Ok("TikTok Shop authorized",
                ["Thank you: your TikTok shops are authorized.", "Our support team will link them to your account and activate them shortly; you need not do anything else."],
                items);
        }

        return HtmlPage.Ok("TikTok Shop connected",
            [outcome.Shops.All(s => s.Status == OutcomeShop.DeletedBySupport)
                ? $"Thank you. No shop was connected to account {outcome.MerchantId}: support removed these shops earlier."
                : $"Thank you: these shops are connected to account {outcome.MerchantId}. Each shows its state now.",
             outcome.Shops.Any(s => s.Status == nameof(ShopStatus.PendingActivation))
                ? "Support will configure and activate new shops shortly; shops that were connected before keep their settings and state."
                : "Shops that were connected before keep their settings and state."],
            items);
    }

    private static bool IsId(string? value) => Ids.IsValid(value);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Onboarding link created for merchant {MerchantId}, region {Region}, app {AppKey}, valid until {ExpiresAt}")]
    private static partial void LinkCreated(ILogger logger, string merchantId, string region, string appKey, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "Onboarding link refused: {Reason} (reference {Reference})")]
    private static partial void LinkRefused(ILogger logger, string reason, string reference);
}
