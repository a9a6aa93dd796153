using Microsoft.Extensions.DependencyInjection;

namespace Connector.SupportConsole;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorConsole(this IServiceCollection services) => services.AddSingleton<ConsoleFiles>();
}
