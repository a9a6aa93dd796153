using System.Text.RegularExpressions;
using System.Web;
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
    Connector.Admin.Audit.AuditLog audit,
    TimeProvider time,
    ILogger<OnboardingHandlers> logger)
{
    public sealed record LinkRequest(string? Region);

    public sealed record CompleteRequest(string? RedirectUrl);

    public sealed record AssignRequest(string? MerchantId);

    /// <summary>POST /api/admin/merchants/{merchantId}/onboarding-links {"region": "GB"}.</summary>
    public async Task<IActionResult> CreateLinkAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        var body = await Problems.ReadJsonAsync<LinkRequest>(request, cancellationToken);
        var region = body?.Region?.Trim().ToUpperInvariant();
        if (!IsId(merchantId))
        {
            return Problems.BadRequest("merchantId must be 1 to 64 letters, digits, '.', '_' or '-'.");
        }

        if (string.IsNullOrEmpty(region) || !Regex.IsMatch(region, "^[A-Z]{2,3}$"))
        {
            return Problems.BadRequest("The body must be {\"region\": \"<seller region, e.g. US or GB>\"}.",
                new Dictionary<string, string[]> { ["region"] = ["required: a 2 or 3 letter region code"] });
        }

        if (apps.ForRegion(region) is null)
        {
            return Problems.Unprocessable($"No TikTok app is configured for region {region}.");
        }

        var link = await links.CreateAsync(merchantId, region, OnboardingLinks.BaseOf(request), cancellationToken);
        LinkCreated(logger, merchantId, region, link.AppKey, link.ExpiresAt);
        // The audit names who asked for the link (never the link itself: it lets a seller in).
        await audit.WriteAsync(Connector.Admin.AdminCaller.KeyName(request), Connector.Admin.Audit.AuditActions.CreateOnboardingLink, null, merchantId,
            new { region, appKey = link.AppKey, expiresAt = link.ExpiresAt }, cancellationToken);
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
        var body = await Problems.ReadJsonAsync<CompleteRequest>(request, cancellationToken);
        if (body?.RedirectUrl is not { Length: > 0 } pasted || !Uri.TryCreate(pasted.Trim(), UriKind.Absolute, out var url))
        {
            return Problems.BadRequest("The body must be {\"redirectUrl\": \"<the full URL from the browser's address bar>\"}.");
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

        await audit.WriteAsync(Connector.Admin.AdminCaller.KeyName(request), Connector.Admin.Audit.AuditActions.CompleteOnboarding, null, outcome.AuthorizationId,
            new { outcome.MerchantId, outcome.Unassigned, shops = outcome.Shops.Select(x => x.ShopId) }, cancellationToken);
        return Problems.Json(outcome);
    }

    /// <summary>POST /api/admin/authorizations/{authorizationId}/assign {"merchantId": "..."}.</summary>
    public async Task<IActionResult> AssignAsync(HttpRequest request, string authorizationId, CancellationToken cancellationToken)
    {
        var body = await Problems.ReadJsonAsync<AssignRequest>(request, cancellationToken);
        if (body?.MerchantId is not { } merchantId || !IsId(merchantId))
        {
            return Problems.BadRequest("The body must be {\"merchantId\": \"...\"} (1 to 64 letters, digits, '.', '_' or '-').");
        }

        if (!IsId(authorizationId))
        {
            return Problems.NotFound($"Authorization {authorizationId} does not exist.");
        }

        var (outcome, notFound, conflict) = await onboarding.AssignAsync(authorizationId, merchantId, cancellationToken);
        if (notFound is not null || conflict is not null)
        {
            return notFound is not null ? Problems.NotFound(notFound) : Problems.Conflict(conflict!);
        }

        await audit.WriteAsync(Connector.Admin.AdminCaller.KeyName(request), Connector.Admin.Audit.AuditActions.AssignAuthorization, null, authorizationId,
            new { merchantId, shops = outcome!.Shops.Select(x => x.ShopId) }, cancellationToken);
        return Problems.Json(outcome);
    }

    /// <summary>GET /api/admin/shops/{shopId}/reauthorize-link: a fresh onboarding link for the shop's merchant and region.</summary>
    public async Task<IActionResult> ReauthorizeLinkAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (!IsId(shopId) || await shops.GetAsync(shopId, cancellationToken) is not { } shop)
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

        var items = outcome.Shops.Select(s => $"{s.Name} ({s.ShopId}, {s.Region}): {s.Status}");
        if (outcome.Unassigned)
        {
            return HtmlPage.Ok("TikTok Shop authorized",
                ["Thank you: your TikTok shops are authorized.", "Our support team will link them to your account and activate them shortly; you need not do anything else."],
                items);
        }

        return HtmlPage.Ok("TikTok Shop connected",
            [$"Thank you: these shops are now connected to account {outcome.MerchantId}.",
             "Support will configure and activate new shops shortly; shops that were connected before keep their settings and state."],
            items);
    }

    private static bool IsId(string? value) => value is { Length: > 0 and <= 64 } && Regex.IsMatch(value, "^[A-Za-z0-9._-]+$");

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Onboarding link created for merchant {MerchantId}, region {Region}, app {AppKey}, valid until {ExpiresAt}")]
    private static partial void LinkCreated(ILogger logger, string merchantId, string region, string appKey, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "Onboarding link refused: {Reason} (reference {Reference})")]
    private static partial void LinkRefused(ILogger logger, string reason, string reference);
}
