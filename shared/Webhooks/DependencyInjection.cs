using Connector.Webhooks.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Webhooks;

public static class DependencyInjection
{
    /// <summary>
    /// TikTok webhooks: the verifying endpoint, the notification dedup table and the worker, with the handlers of types 1, 3, 4, 6
    /// and 7. Other capabilities register their types' <see cref="IWebhookHandler"/> in their own DependencyInjection.
    /// </summary>
    public static IServiceCollection AddConnectorWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookVerifier>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<WebhookProcessor>();
        services.AddSingleton<IWebhookHandler, OrderStatusChangeHandler>();
        services.AddSingleton<IWebhookHandler, SellerDeauthorizationHandler>();
        services.AddSingleton<IWebhookHandler, AuthorizationExpiringHandler>();
        services.AddSingleton<IWebhookHandler, RecipientAddressUpdateHandler>();
        services.AddSingleton<IWebhookHandler, PackageUpdateHandler>();
        return services;
    }
}
