using Connector.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Orders;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrderPullOptions>().Bind(configuration.GetSection(OrderPullOptions.Section));
        services.AddSingleton<SkuCatalog>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderImporter>();
        services.AddSingleton<OrderPullCheckpointStore>();
        services.AddSingleton<IOrderPullShops, OrderPullShops>();
        services.AddSingleton<OrderPullHandler>();
        services.AddSingleton<OrderPullFanOut>();
        services.AddSingleton<BackOfficeOrders>();
        services.AddSingleton<SkuCatalogEndpoint>();
        services.AddSingleton<PendingOrdersReevaluation>();
        return services;
    }
}
