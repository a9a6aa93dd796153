using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Connector.Finance;

public static class DependencyInjection
{
    /// <summary>The finance capability: the stores, the daily sync and the finance endpoints (TikTok's Finance API calls are on ITikTokShopClient).</summary>
    public static IServiceCollection AddConnectorFinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceOptions>().BindConfiguration(FinanceOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FinanceOptions>, FinanceOptionsValidator>());
        services.AddSingleton<FinanceLedger>();
        services.AddSingleton<FinanceRecordStore>();
        services.AddSingleton<FinanceSyncCheckpointStore>();
        services.AddSingleton<FinanceSyncHandler>();
        services.AddSingleton<FinanceScheduling>();
        services.AddSingleton<BackOfficeFinance>();
        services.AddSingleton<FinanceAdmin>();
        services.AddSingleton<Shops.IShopDataOwner, FinanceShopData>();
        return services;
    }
}
