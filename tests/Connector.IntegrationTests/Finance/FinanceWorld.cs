using Azure.Data.Tables;
using Connector.Catalog;
using Connector.Finance;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.Testing;
using Connector.TikTok.Api;
using Connector.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokSimulator;

namespace Connector.IntegrationTests.Finance;

/// <summary>
/// One test's world: the connector as both hosts build it (<c>AddConnector</c>) on its own tables, queues and TikTok app,
/// and an Active shop of a fresh seller in the simulator with its tokens in the Key Vault emulator.
/// </summary>
public sealed class FinanceWorld : IAsyncDisposable
{
    public const string Merchant = "merchant-finance";

    private FinanceWorld(ServiceProvider services, SimApp app, SimShop shop)
    {
        Services = services;
        App = app;
        ShopId = shop.Id;
    }

    public static TikTokSimulatorServer Sim => TestEnvironment.Current.Simulator;

    public ServiceProvider Services { get; }

    public SimApp App { get; }

    public string ShopId { get; }

    public FinanceLedger Ledger => Services.GetRequiredService<FinanceLedger>();

    public FinanceRecordStore Records => Services.GetRequiredService<FinanceRecordStore>();

    public RunStore Runs => Services.GetRequiredService<RunStore>();

    public FinanceSyncCheckpointStore Checkpoints => Services.GetRequiredService<FinanceSyncCheckpointStore>();

    public static async Task<FinanceWorld> CreateAsync(IDictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var (app, tiktok) = SimulatorApp.Create();
        var settings = TestEnvironment.Current.CreateSettings(prefix);
        foreach (var (key, value) in tiktok)
        {
            settings[key] = value;
        }

        settings["TikTok:RetryBaseDelay"] = "00:00:00.010";
        settings["TikTok:MaxRetryDelay"] = "00:00:00.200";
        settings["TikTok:MaxRetries"] = "2";
        settings["TikTok:RequestsPerSecondPerShop"] = "1000";
        settings["TikTok:RequestsPerSecondPerApp"] = "1000";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnector(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();

        var seller = Sim.State.CreateSeller();
        var shop = seller.Shops[0];
        await ActiveShops.RegisterAsync(Sim.State, app, seller, shop, Merchant, DateTimeOffset.UtcNow.AddDays(-40),
            provider.GetRequiredService<ShopRepository>(), provider.GetRequiredService<TokenStore>(), provider.GetRequiredService<SkuCatalog>(), CancellationToken.None);
        return new FinanceWorld(provider, app, shop);
    }

    /// <summary>Orders created over the last <paramref name="days"/> days (ending an hour ago), in a status.</summary>
    public IReadOnlyList<SimOrder> Orders(int count, int seed, int days, string status) =>
        Sim.State.GenerateOrders(ShopId, count, seed, DateTimeOffset.UtcNow.AddDays(-days), DateTimeOffset.UtcNow.AddHours(-1), status);

    public Task SyncAsync(ITikTokShopClient? client = null) =>
        (client is null ? Services.GetRequiredService<FinanceSyncHandler>() : ActivatorUtilities.CreateInstance<FinanceSyncHandler>(Services, client))
            .HandleAsync(new FinanceSyncMessage(ShopId, "test"), CancellationToken.None);

    /// <summary>The simulator's statements the last finance window covered (generated before its watermark).</summary>
    public async Task<IReadOnlyList<SimStatement>> SyncedStatementsAsync()
    {
        var watermark = (await Checkpoints.GetAsync(ShopId, CancellationToken.None)).StatementsWatermark ?? throw new InvalidOperationException("no finished finance window");
        return Sim.State.Statements(ShopId).Where(s => s.StatementTime < watermark && s.Transactions.Count > 0).ToArray();
    }

    public async Task<List<LedgerTransaction>> TransactionsAsync()
    {
        var all = new List<LedgerTransaction>();
        await foreach (var page in Ledger.TransactionPagesAsync(ShopId, 0, long.MaxValue / 10, CancellationToken.None))
        {
            all.AddRange(page);
        }

        return all;
    }

    public async Task<IReadOnlyList<DailyFigures>> DaysAsync() => await Ledger.DaysAsync(ShopId, new DateOnly(2023, 7, 1), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2), CancellationToken.None);

    /// <summary>Every row of the shop's ledger (row key to its properties), to compare two moments.</summary>
    public async Task<Dictionary<string, string>> LedgerRowsAsync()
    {
        var table = await Services.GetRequiredService<StorageClients>().TableAsync(FinanceLedger.TableName, CancellationToken.None);
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq '{ShopId}'"))
        {
            rows[row.RowKey] = string.Join(";", row.Where(p => p.Key is not ("odata.etag" or "Timestamp" or "UpdatedAt")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        }

        return rows;
    }

    public async Task<RunRecord> LastRunAsync() =>
        (await Runs.ListAsync(ShopId, RunKinds.FinanceSync, null, null, 1, CancellationToken.None)).Runs.Single();

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}

/// <summary>The real client, failing with an IOException after a number of statement-transaction pages (a worker dying mid-sync).</summary>
public sealed class DyingFinanceClient(ITikTokShopClient inner, int failAfterTransactionPages) : DelegatingShopClient(inner)
{
    private int pages;

    public override Task<TikTokStatementTransactionPage> GetStatementTransactionsAsync(TikTokShopRef shop, string statementId, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref pages) > failAfterTransactionPages ? throw new IOException("the worker died") : base.GetStatementTransactionsAsync(shop, statementId, pageToken, pageSize, cancellationToken);
}
