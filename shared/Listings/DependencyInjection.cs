using Connector.Listings.Webhooks;
using Connector.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connector.Listings;

public static class DependencyInjection
{
    /// <summary>Listings: the catalog, profiles, the push to TikTok, statuses (product webhooks, nightly read) and prerequisites.</summary>
    public static IServiceCollection AddConnectorListings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ListingOptions>().BindConfiguration(ListingOptions.Section);
        services.TryAddSingleton(sp => new ListingClock(sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(ListingImages.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<ListingStore>();
        services.AddSingleton<TikTokCatalog>();
        services.AddSingleton<ListingImages>();
        services.AddSingleton<ListingPrerequisites>();
        services.AddSingleton<ListingStatusUpdater>();
        services.AddSingleton<ListingStatusReader>();
        services.AddSingleton<ListingScheduling>();
        services.AddSingleton<ListingPushHandler>();
        services.AddSingleton<CatalogEndpoint>();
        services.AddSingleton<ProfileEndpoint>();
        services.AddSingleton<ListingQueries>();
        services.AddSingleton<ListingAdmin>();

        // The product webhooks, one class per type (the webhook processor routes by type).
        services.AddSingleton<ProductWebhookSupport>();
        services.AddSingleton<IWebhookHandler, ProductStatusChangeHandler>();
        services.AddSingleton<IWebhookHandler, ProductInformationChangeHandler>();
        services.AddSingleton<IWebhookHandler, ProductCreationHandler>();
        services.AddSingleton<IWebhookHandler, ProductCategoryChangeHandler>();
        services.AddSingleton<IWebhookHandler, OpportunityMatchingStatusChangeHandler>();
        services.AddSingleton<IWebhookHandler, InventoryStatusChangeHandler>();
        services.AddSingleton<IWebhookHandler, ProductAuditStatusChangeHandler>();
        services.AddSingleton<IWebhookHandler, StrikethroughPriceExpiredHandler>();
        services.AddSingleton<IWebhookHandler, CombinedListingChangeHandler>();
        services.AddSingleton<IWebhookHandler, ImageTranslationCompletedHandler>();
        services.AddSingleton<IWebhookHandler, GlobalReplicationStatusChangeHandler>();
        return services;
    }
}
