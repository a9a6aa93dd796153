using Connector.Catalog;
using Connector.Functions.Health;
using Connector.LocalHost;
using Connector.Orders;
using Connector.Shops;
using Connector.Testing;
using Connector.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokSimulator;

namespace Connector.Bench;

/// <summary>
/// What the figures run against, started once: Azurite (npm, on free loopback ports, in memory), the Key Vault emulator
/// and the TikTok Shop simulator (both in this process, on free loopback ports). Each figure gets its own table and
/// queue prefix and its own TikTok app, so figures never see each other's data or calls.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    public const string Merchant = "bench-merchant";

    private BenchEnvironment(TestEnvironment emulators)
    {
        Emulators = emulators;
        var tablePort = emulators.Azurite.TablePort;
        var queuePort = emulators.Azurite.QueuePort;
        var vaultPort = emulators.KeyVault.VaultUri.Port;
        var simulatorPort = emulators.Simulator.BaseUri.Port;
        Requests = new RequestCounter((uri, _) =>
            uri.Port == tablePort ? (uri.AbsolutePath.EndsWith("$batch", StringComparison.Ordinal) ? Counters.TableTransactions : Counters.TableOther)
            : uri.Port == queuePort ? Counters.Queue
            : uri.Port == vaultPort ? Counters.KeyVault
            : uri.Port == simulatorPort ? Counters.TikTok
            : null);
    }

    public TestEnvironment Emulators { get; }

    public TikTokSimulatorServer Simulator => Emulators.Simulator;

    public RequestCounter Requests { get; }

    public static async Task<BenchEnvironment> StartAsync() => new(await TestEnvironment.StartAsync());

    /// <summary>Connector settings for one figure: its own prefix, the simulator app, the client's own rate caps out of the way.</summary>
    public Dictionary<string, string?> Settings(string prefix, SimApp app, IDictionary<string, string?>? extra = null)
    {
        var settings = Emulators.CreateSettings(prefix);
        var sim = Simulator.BaseUri;
        settings["TikTok:AppKey"] = app.AppKey;
        settings["TikTok:AppSecret"] = app.AppSecret;
        settings["TikTok:ServiceId"] = app.ServiceId;
        settings["TikTok:AuthBaseUrl"] = sim.ToString();
        settings["TikTok:OpenApiBaseUrl"] = sim.ToString();
        settings["TikTok:AuthorizeUrlCurrent"] = new Uri(sim, "open/authorize").ToString();
        settings["TikTok:AuthorizeUrlLegacy"] = new Uri(sim, "oauth/authorize").ToString();
        settings["TikTok:AuthorizeUrlUs"] = new Uri(sim, "open/authorize").ToString();
        // TikTok's limit (50 calls/s per API, app and shop) is modelled by client and simulator; the bench measures the
        // connector, so its app gets a raised quota (as TikTok grants on request) and the client the same cap.
        Simulator.State.SetApiQuota(app.AppKey, 1000);
        settings["TikTok:RequestsPerSecondPerApi"] = "1000";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The connector's services as both hosts register them (<c>AddConnector</c>), quiet below warnings.</summary>
    public static ServiceProvider BuildServices(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true));
        services.AddConnector(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// A TikTok app, a seller with one shop and <paramref name="orders"/> generated orders in the simulator; the shop
    /// registered Active in the connector with its tokens in Key Vault and its SKUs in the merchant's catalog.
    /// </summary>
    public async Task<BenchShop> CreateShopAsync(ServiceProvider services, SimApp app, int orders, int seed, CancellationToken cancellationToken)
    {
        var seller = Simulator.State.CreateSeller();
        var simShop = seller.Shops[0];
        var now = DateTimeOffset.UtcNow;
        // Created at least two hours ago: updated at most 10 minutes after creation, and on-hold ones released an hour
        // after it, so every order is inside the first pull's window.
        Simulator.State.GenerateOrders(simShop.Id, orders, seed, now.AddDays(-2), now.AddHours(-2));
        await RegisterShopAsync(services, app, seller, simShop, now.AddDays(-3), cancellationToken);
        return new BenchShop(simShop.Id, seller.OpenId);
    }

    public Task RegisterShopAsync(ServiceProvider services, SimApp app, SimSeller seller, SimShop simShop, DateTimeOffset importStart, CancellationToken cancellationToken) =>
        ActiveShops.RegisterAsync(Simulator.State, app, seller, simShop, Merchant, importStart,
            services.GetRequiredService<ShopRepository>(), services.GetRequiredService<TokenStore>(), services.GetRequiredService<SkuCatalog>(), cancellationToken);

    /// <summary>
    /// The order ids a pull must have stored: paid orders of the shop updated before the pull's window ended (the
    /// watermark), as the simulator shows them now.
    /// </summary>
    public async Task<IReadOnlySet<string>> ExpectedAfterPullAsync(OrderPullCheckpointStore checkpoints, string shopId, CancellationToken cancellationToken)
    {
        var watermark = (await checkpoints.GetAsync(shopId, cancellationToken)).Watermark
            ?? throw new InvalidOperationException($"the pull of shop {shopId} did not finish its window");
        return Simulator.State.Locked(() => Simulator.State.Shop(shopId).Orders.Values.Where(o => o.Status != "UNPAID" && o.UpdateTime < watermark).Select(o => o.Id).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The local Functions host running the connector's function classes for one figure, started: the figure's prefix and
    /// app, <paramref name="functionKey"/>, host.json's queue settings, warnings only; <paramref name="extra"/> wins.
    /// </summary>
    public async Task<WebApplication> StartHostAsync(string prefix, SimApp app, int port, string functionKey, IDictionary<string, string?>? extra, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>
        {
            [HttpTriggers.FunctionKeySetting] = functionKey,
            [HttpTriggers.MasterKeySetting] = "bench-master-key",
            ["Onboarding:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var host = LocalFunctionsHost.Build(new LocalHostOptions
        {
            FunctionAssemblies = [typeof(HealthFunction).Assembly],
            ConfigureServices = (services, configuration) => services.AddConnector(configuration),
            HostJsonPath = Path.Combine(TestEnvironment.RepositoryRoot, "host.json"),
            Port = port,
            Overrides = Settings(prefix, app, overrides),
        });
        await host.StartAsync(cancellationToken);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Requests.Dispose();
        await TestEnvironment.StopAsync();
    }
}

public sealed record BenchShop(string ShopId, string SellerId);

public static class Counters
{
    public const string TableTransactions = "table.transactions";
    public const string TableOther = "table.other";
    public const string Queue = "queue";
    public const string KeyVault = "keyvault";
    public const string TikTok = "tiktok";
}
