using Connector.TikTok;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tokens;

public static class DependencyInjection
{
    /// <summary>Seller tokens in Key Vault, the token provider the TikTok client uses, and the refresh timer and worker.</summary>
    public static IServiceCollection AddConnectorTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ =>
        {
            var options = new TokenOptions();
            configuration.GetSection(TokenOptions.Section).Bind(options);
            return options;
        });
        services.AddSingleton<TokenStore>();
        services.AddSingleton<AuthorizationRepository>();
        services.AddSingleton<RefreshLease>();
        services.AddSingleton<TokenRefresher>();
        services.AddSingleton<KeyVaultTokenProvider>();
        services.AddSingleton<ITikTokTokenProvider>(sp => sp.GetRequiredService<KeyVaultTokenProvider>());
        services.AddSingleton<TokenRefreshFanOut>();
        services.AddSingleton<TokenRefreshWorker>();
        return services;
    }
}
