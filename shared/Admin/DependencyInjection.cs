using Connector.Admin.Cases;
using Connector.Admin.Explain;
using Connector.Admin.FailedMessages;
using Connector.Admin.Runs;
using Connector.Admin.Shops;
using Connector.Admin.Summary;
using Connector.Audit;
using Connector.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Admin;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorAdmin(this IServiceCollection services)
    {
        services.AddSingleton<Schedules>();
        services.AddSingleton<ShopSettingsChecks>();
        services.AddSingleton<AdminShopRecords>();
        services.AddSingleton<ShopList>();
        services.AddSingleton<ShopDetail>();
        services.AddSingleton<ShopActivation>();
        services.AddSingleton<ShopStatusChanges>();
        services.AddSingleton<ShopRename>();
        services.AddSingleton<ShopSettingsUpdate>();
        services.AddSingleton<ShopSync>();
        services.AddSingleton<AuditLogAdmin>();
        services.AddSingleton<ShopDeletion>();
        services.AddSingleton<RunAdmin>();
        services.AddSingleton<CaseAdmin>();
        services.AddSingleton<FailedMessageAdmin>();
        services.AddSingleton<OrderExplainer>();
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section);
        services.AddSingleton<DashboardRollup>();
        services.AddSingleton<Dashboard>();
        return services;
    }
}
