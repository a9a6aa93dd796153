using Microsoft.Extensions.DependencyInjection;

namespace Connector.Audit;

public static class DependencyInjection
{
    /// <summary>The audit log every admin write goes to (who, what, when); read by the admin API and the console.</summary>
    public static IServiceCollection AddConnectorAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        return services;
    }
}
