using Microsoft.Extensions.DependencyInjection;

namespace Connector.Shops;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorShops(this IServiceCollection services)
    {
        services.AddSingleton<ShopRepository>();
        return services;
    }
}
