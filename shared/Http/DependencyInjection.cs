using Microsoft.Extensions.DependencyInjection;

namespace Connector.Http;

public static class DependencyInjection
{
    /// <summary>The HTTP edge every endpoint goes through.</summary>
    public static IServiceCollection AddConnectorHttp(this IServiceCollection services)
    {
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<HttpEdge>();
        return services;
    }
}
