using Connector.Admin;
using Connector.AfterSales;
using Connector.Audit;
using Connector.Finance;
using Connector.Fulfilment;
using Connector.Health;
using Connector.Http;
using Connector.Inventory;
using Connector.Labels;
using Connector.Listings;
using Connector.Messaging;
using Connector.Onboarding;
using Connector.Orders;
using Connector.Runs;
using Connector.Secrets;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.SupportConsole;
using Connector.Telemetry;
using Connector.TikTok;
using Connector.Tokens;
using Connector.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector;

/// <summary>The one place both hosts (the Azure worker and tools/LocalHost) register the connector.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddConnectorStorage(configuration);
        services.AddConnectorSecrets(configuration);
        services.AddConnectorHttp();
        services.AddConnectorHealth();
        services.AddConnectorTelemetry(configuration);
        services.AddTikTokShop(configuration);
        services.AddConnectorShops();
        services.AddConnectorSupport();
        services.AddConnectorAudit();
        services.AddConnectorTokens(configuration);
        services.AddConnectorOnboarding(configuration);
        services.AddConnectorMessaging(configuration);
        services.AddConnectorRuns();
        services.AddConnectorOrders(configuration);
        services.AddConnectorWebhooks();
        services.AddConnectorInventory(configuration);
        services.AddConnectorFulfilment();
        services.AddConnectorAfterSales(configuration);
        services.AddConnectorListings(configuration);
        services.AddConnectorLabels(configuration);
        services.AddConnectorAdmin();
        services.AddConnectorFinance(configuration);
        services.AddConnectorConsole();
        return services;
    }
}
