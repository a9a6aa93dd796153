using Connector.TikTok.Api;
using Connector.TikTok.Auth;
using Connector.TikTok.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Connector.TikTok;

public static class DependencyInjection
{
    /// <summary>
    /// The TikTok Shop client: options (validated on start), the rate limiter, the resilience pipelines and the
    /// typed HttpClients. The <see cref="ITikTokTokenProvider"/> comes from the onboarding capability.
    /// </summary>
    public static IServiceCollection AddTikTokShop(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TikTokOptions.Section);
        var options = services.AddOptions<TikTokOptions>().Bind(section);
        if (section.Exists())
        {
            // A host with no TikTok section at all (e.g. tests of other capabilities) still starts; its first
            // TikTok call then fails with the same validation message.
            options.ValidateOnStart();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TikTokOptions>, TikTokOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TikTokRateLimiter>();
        services.TryAddSingleton<TikTokResilience>();
        services.TryAddSingleton<TikTokApps>();

        // Timeouts belong to the resilience pipeline; no logging handlers, because the auth URLs carry the app secret.
        services.AddHttpClient<TikTokAuthService>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddHttpClient<ITikTokShopClient, TikTokShopClient>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddHttpClient<ITikTokListingClient, TikTokListingClient>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddHttpClient<ITikTokDocuments, TikTokDocuments>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        return services;
    }
}
