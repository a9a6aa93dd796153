using Connector.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.AfterSales;

public static class DependencyInjection
{
    /// <summary>After-sales: cancellations, returns and refunds; webhook types 11 and 12; the pull, deadline cases and the back-office API.</summary>
    public static IServiceCollection AddConnectorAfterSales(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AfterSalesOptions>().BindConfiguration(AfterSalesOptions.Section);
        services.AddSingleton<AfterSalesStore>();
        services.AddSingleton<AfterSalesActionStore>();
        services.AddSingleton<AfterSalesSync>();
        services.AddSingleton<AfterSalesActions>();
        services.AddSingleton<AfterSalesIntake>();
        services.AddSingleton<AfterSalesDeadlines>();
        services.AddSingleton<AfterSalesPull>();
        services.AddSingleton<AfterSalesSummary>();
        services.AddSingleton<BackOfficeAfterSales>();
        services.AddSingleton<IWebhookHandler, CancellationStatusWebhookHandler>();
        services.AddSingleton<IWebhookHandler, ReturnStatusWebhookHandler>();
        return services;
    }
}
