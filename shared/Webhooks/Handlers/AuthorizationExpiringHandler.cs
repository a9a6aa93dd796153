using Connector.Onboarding;
using Connector.Tokens;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;

namespace Connector.Webhooks.Handlers;

/// <summary>Type 7 (upcoming authorization expiration): a support case with a fresh re-authorize link.</summary>
public sealed class AuthorizationExpiringHandler(
    AuthorizationRepository authorizations,
    ShopRepository shops,
    OnboardingLinks links,
    SupportCaseStore cases) : IWebhookHandler
{
    public int Type => WebhookTypes.AuthorizationExpiring;

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var authorization = await authorizations.GetAsync(shop.AuthorizationId, cancellationToken);
        var expiresAt = (notification.DataLong("expiration_time") ?? notification.DataLong("expire_time")) is { } seconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        var affected = await shops.ListByAuthorizationAsync(shop.AuthorizationId, cancellationToken);
        var names = string.Join(", ", (affected.Count > 0 ? affected : [shop]).Select(s => $"{s.Name} ({s.ShopId})"));
        var link = await links.CreateAsync(shop.MerchantId, shop.Region, baseUrl: null, cancellationToken);
        var when = expiresAt is { } at ? $"on {at:u}" : "soon";
        var message = $"TikTok says the authorization of merchant {shop.MerchantId} for {names} ends {when}. "
            + $"Send the seller this link to authorize again before then (valid until {link.ExpiresAt:u}): {link.Url}";
        var key = $"expiring|{shop.AuthorizationId}|{authorization?.RefreshTokenExpiresAt.ToUnixTimeSeconds()}|{expiresAt?.ToUnixTimeSeconds()}";
        var opened = await cases.OpenAsync(SupportCaseKind.AuthorizationExpiring, key, message, shop.ShopId, shop.MerchantId, shop.AuthorizationId, cancellationToken);
        return new WebhookOutcome(WebhookProcessor.Outcomes.CaseOpened, RunOutcome.Succeeded, Detail: $"case {opened.CaseId}, authorization ends {when}");
    }
}
