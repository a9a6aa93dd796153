using Microsoft.Extensions.DependencyInjection;

namespace Connector.Runs;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorRuns(this IServiceCollection services) => services.AddSingleton<RunStore>();
}
