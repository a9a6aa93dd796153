using Microsoft.Extensions.DependencyInjection;

namespace Connector.Support;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorSupport(this IServiceCollection services)
    {
        services.AddSingleton<SupportCaseStore>();
        return services;
    }
}
