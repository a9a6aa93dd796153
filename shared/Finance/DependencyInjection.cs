using Connector.Finance.TikTok;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Finance;

public static class DependencyInjection
{
    /// <summary>The finance capability: TikTok's Finance API client, the stores, the daily sync and the finance endpoints.</summary>
    public static IServiceCollection AddConnectorFinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceOptions>().Bind(configuration.GetSection(FinanceOptions.Section));

        // Like the other TikTok clients: timeouts belong to the resilience pipeline, no logging handlers.
        services.AddHttpClient<ITikTokFinanceClient, TikTokFinanceClient>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton<FinanceLedger>();
        services.AddSingleton<FinanceRecordStore>();
        services.AddSingleton<FinanceSyncCheckpointStore>();
        services.AddSingleton<FinanceSyncHandler>();
        services.AddSingleton<FinanceScheduling>();
        services.AddSingleton<BackOfficeFinance>();
        services.AddSingleton<FinanceAdmin>();
        return services;
    }
}
