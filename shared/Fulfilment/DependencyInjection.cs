using Microsoft.Extensions.DependencyInjection;

namespace Connector.Fulfilment;

public static class DependencyInjection
{
    /// <summary>Shipments from the back office to TikTok: the endpoints, the store and the queue worker.</summary>
    public static IServiceCollection AddConnectorFulfilment(this IServiceCollection services)
    {
        services.AddSingleton<ShipmentStore>();
        services.AddSingleton<ShipmentHandlers>();
        services.AddSingleton<ShipmentWorker>();
        return services;
    }
}
