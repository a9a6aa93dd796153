using Connector.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Onboarding;

public static class DependencyInjection
{
    /// <summary>Onboarding links, OAuth states, the callback and its pages.</summary>
    public static IServiceCollection AddConnectorOnboarding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ =>
        {
            var options = new OnboardingOptions();
            configuration.GetSection(OnboardingOptions.Section).Bind(options);
            options.HostName ??= configuration["WEBSITE_HOSTNAME"];
            return options;
        });
        services.AddSingleton<OnboardingLinks>();
        services.AddSingleton<IAuthorizationLoss, AuthorizationLifecycle>();
        services.AddSingleton<OAuthStateStore>();
        services.AddSingleton<OnboardingService>();
        services.AddSingleton<OnboardingHandlers>();
        return services;
    }
}
