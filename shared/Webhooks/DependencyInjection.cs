using Microsoft.Extensions.DependencyInjection;

namespace Connector.Webhooks;

public static class DependencyInjection
{
    /// <summary>TikTok webhooks: the verifying endpoint, the notification dedup table, reverse events and the worker.</summary>
    public static IServiceCollection AddConnectorWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookVerifier>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<ReverseEventStore>();
        services.AddSingleton<WebhookProcessor>();

        // One class per webhook type the processor hands over (see IWebhookTypeHandler).
        services.AddSingleton<IWebhookTypeHandler, Types.RecipientAddressUpdateHandler>();
        services.AddSingleton<IWebhookTypeHandler, Types.PackageUpdateHandler>();
        return services;
    }
}
