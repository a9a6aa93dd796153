using Microsoft.Extensions.DependencyInjection;

namespace Connector.Health;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorHealth(this IServiceCollection services)
    {
        services.AddSingleton<IDependencyProbe, TableStorageProbe>();
        services.AddSingleton<IDependencyProbe, QueueStorageProbe>();
        services.AddSingleton<IDependencyProbe, KeyVaultProbe>();
        services.AddSingleton<IDependencyProbe, TikTokProbe>();
        services.AddHttpClient(nameof(TikTokProbe)).RemoveAllLoggers();
        services.AddSingleton<HealthCheckHandler>();
        return services;
    }
}
