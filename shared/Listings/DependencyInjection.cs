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
        services.AddSingleton<IWebhookTypeHandler, ProductStatusChangeHandler>();
        services.AddSingleton<IWebhookTypeHandler, ProductInformationChangeHandler>();
        services.AddSingleton<IWebhookTypeHandler, ProductCreationHandler>();
        services.AddSingleton<IWebhookTypeHandler, ProductCategoryChangeHandler>();
        services.AddSingleton<IWebhookTypeHandler, OpportunityMatchingStatusChangeHandler>();
        services.AddSingleton<IWebhookTypeHandler, InventoryStatusChangeHandler>();
        services.AddSingleton<IWebhookTypeHandler, ProductAuditStatusChangeHandler>();
        services.AddSingleton<IWebhookTypeHandler, StrikethroughPriceExpiredHandler>();
        services.AddSingleton<IWebhookTypeHandler, CombinedListingChangeHandler>();
        services.AddSingleton<IWebhookTypeHandler, ImageTranslationCompletedHandler>();
        services.AddSingleton<IWebhookTypeHandler, GlobalReplicationStatusChangeHandler>();
        return services;
    }
}
