using Connector.Runs;
using Connector.Shops;
using Connector.Tokens;

namespace Connector.Webhooks.Handlers;

/// <summary>Type 6: the authorization and its shops become ReauthorizationRequired with a support case (the token refresh's path).</summary>
public sealed class SellerDeauthorizationHandler(IAuthorizationLoss loss) : IWebhookHandler
{
    public int Type => WebhookTypes.SellerDeauthorization;

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        await loss.LostAsync(shop.AuthorizationId, "the seller deauthorized the app in TikTok Shop (webhook type 6)", cancellationToken);
        return new WebhookOutcome(WebhookProcessor.Outcomes.ReauthorizationRequired, RunOutcome.Succeeded, Detail: $"authorization {shop.AuthorizationId}");
    }
}
