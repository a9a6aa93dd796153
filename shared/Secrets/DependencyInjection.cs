using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Secrets;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ =>
        {
            var options = new KeyVaultOptions();
            configuration.GetSection(KeyVaultOptions.Section).Bind(options);
            return SecretClientFactory.Create(options);
        });
        return services;
    }
}
