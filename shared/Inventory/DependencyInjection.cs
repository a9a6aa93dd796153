using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Inventory;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorInventory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InventoryOptions>().Bind(configuration.GetSection(InventoryOptions.Section));
        services.AddSingleton<StockLevelStore>();
        services.AddSingleton<SkuMapStore>();
        services.AddSingleton<PushSnapshotStore>();
        services.AddSingleton<StockInHandler>();
        services.AddSingleton<ProductSyncHandler>();
        services.AddSingleton<InventoryPushHandler>();
        services.AddSingleton<InventoryScheduling>();
        return services;
    }
}
