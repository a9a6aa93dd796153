using System.Collections.Concurrent;
using Connector.TikTok;
using Connector.TikTok.Api;
using Connector.TikTok.Auth;
using Connector.TikTok.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

/// <summary>
/// One test's world: its own app, seller and shop in the shared simulator (so tests run in parallel), and the real
/// client wired by AddTikTokShop against it, with fast retry settings and an in-memory token provider.
/// </summary>
public sealed class TikTokTestShop : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private TikTokTestShop(ServiceProvider services, SimApp app, SimSeller seller, SimShop shop)
    {
        this.services = services;
        App = app;
        Seller = seller;
        SimShop = shop;
        Shop = new TikTokShopRef(shop.Id, shop.Cipher);
    }

    public static TikTokSimulatorServer Sim => TikTokSimulatorSetup.Server;

    public SimApp App { get; }
    public SimSeller Seller { get; }
    public SimShop SimShop { get; }
    public TikTokShopRef Shop { get; }
    public ITikTokShopClient Client => services.GetRequiredService<ITikTokShopClient>();
    public ITikTokDocuments Documents => services.GetRequiredService<ITikTokDocuments>();
    public TikTokAuthService Auth => services.GetRequiredService<TikTokAuthService>();
    public InMemoryTokenProvider Tokens => services.GetRequiredService<InMemoryTokenProvider>();
    public CapturingLoggerProvider Logs => services.GetRequiredService<CapturingLoggerProvider>();
    public TikTokRateLimiter Limiter => services.GetRequiredService<TikTokRateLimiter>();

    /// <summary>Calls this test's app made, on a route pattern or a concrete path.</summary>
    public int Calls(string path) => Sim.Calls.Count(App.AppKey, path);

    /// <param name="settings">Overrides of the TikTok section (e.g. "MaxRetries").</param>
    /// <param name="authorize">Authorize the seller and give the token provider the shop's tokens.</param>
    /// <param name="appSecret">The secret the CLIENT uses (the simulator keeps the real one).</param>
    /// <param name="manualRateLimiter">Rate limiter buckets refill only when the test calls Replenish.</param>
    /// <param name="exchanges">Records every exchange of the client (e.g. to check the simulator's answers against TikTok's reference).</param>
    public static async Task<TikTokTestShop> CreateAsync(IDictionary<string, string?>? settings = null, bool authorize = true, string? appSecret = null,
        bool manualRateLimiter = false, Connector.Testing.TikTokReference.ExchangeLog? exchanges = null, string region = "GB")
    {
        var app = Sim.State.CreateApp(callbackUrl: "http://127.0.0.1:1/callback");

        // The tests' app has a raised quota (as TikTok grants on request), matched by the client's cap below.
        Sim.State.SetApiQuota(app.AppKey, 1000);
        var seller = Sim.State.CreateSeller(region: region);
        var shop = seller.Shops[0];

        var values = new Dictionary<string, string?>
        {
            ["TikTok:AppKey"] = app.AppKey,
            ["TikTok:AppSecret"] = appSecret ?? app.AppSecret,
            ["TikTok:ServiceId"] = app.ServiceId,
            ["TikTok:AuthBaseUrl"] = Sim.BaseUri.ToString(),
            ["TikTok:OpenApiBaseUrl"] = Sim.BaseUri.ToString(),
            ["TikTok:AuthorizeUrlCurrent"] = new Uri(Sim.BaseUri, "open/authorize").ToString(),
            ["TikTok:AuthorizeUrlLegacy"] = new Uri(Sim.BaseUri, "oauth/authorize").ToString(),
            ["TikTok:AuthorizeUrlUs"] = new Uri(Sim.BaseUri, "open/authorize").ToString(),
            ["TikTok:RetryBaseDelay"] = "00:00:00.010",
            ["TikTok:MaxRetryDelay"] = "00:00:02",
            ["TikTok:MaxRetries"] = "3",
            ["TikTok:AttemptTimeout"] = "00:00:10",
            ["TikTok:TotalTimeout"] = "00:01:00",
            ["TikTok:RequestsPerSecondPerApi"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["TikTok:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturingLoggerProvider();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        collection.AddSingleton(logs);
        if (manualRateLimiter)
        {
            collection.AddSingleton(sp => new TikTokRateLimiter(sp.GetRequiredService<IOptions<TikTokOptions>>().Value, autoReplenish: false));
        }

        collection.AddTikTokShop(configuration);
        if (exchanges is not null)
        {
            collection.AddHttpClient<ITikTokShopClient, TikTokShopClient>().AddHttpMessageHandler(() => new Connector.Testing.TikTokReference.RecordingHandler(exchanges));
        }
        collection.AddSingleton<InMemoryTokenProvider>();
        collection.AddSingleton<ITikTokTokenProvider>(sp => sp.GetRequiredService<InMemoryTokenProvider>());
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _ = services.GetRequiredService<IOptions<TikTokOptions>>().Value; // validate like the host does on start

        var world = new TikTokTestShop(services, app, seller, shop);
        if (authorize)
        {
            var grant = Sim.State.Authorize(app.AppKey, seller.OpenId);
            world.Tokens.Store(shop.Id, grant);
        }

        await Task.CompletedTask;
        return world;
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}

/// <summary>A hand-written token provider: tokens in memory, refreshes through the real auth service, counted.</summary>
public sealed class InMemoryTokenProvider(TikTokAuthService auth) : ITikTokTokenProvider
{
    private readonly ConcurrentDictionary<string, (TikTokAccessToken Access, string Refresh)> tokens = new();
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private int refreshes;

    public int Refreshes => refreshes;

    public void Store(string shopId, TokenGrant grant) =>
        tokens[shopId] = (new TikTokAccessToken(grant.AccessToken, DateTimeOffset.FromUnixTimeSeconds(grant.AccessTokenExpireIn)), grant.RefreshToken);

    public void Store(string shopId, TikTokAuthorization authorization) => tokens[shopId] = (authorization.AccessToken, authorization.RefreshToken);

    public string AccessToken(string shopId) => tokens[shopId].Access.Value;

    public ValueTask<TikTokAccessToken> GetAccessTokenAsync(string shopId, CancellationToken cancellationToken) => ValueTask.FromResult(tokens[shopId].Access);

    public async ValueTask<TikTokAccessToken> RefreshAsync(string shopId, string rejectedToken, CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var current = tokens[shopId];
            if (current.Access.Value != rejectedToken)
            {
                return current.Access;
            }

            Interlocked.Increment(ref refreshes);
            var authorization = await auth.RefreshAsync(current.Refresh, cancellationToken);
            Store(shopId, authorization);
            return authorization.AccessToken;
        }
        finally
        {
            refreshing.Release();
        }
    }
}

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(EventId Id, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> entries = new();

    public IReadOnlyList<(EventId Id, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Entries => entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(EventId, string, IReadOnlyList<KeyValuePair<string, object?>>)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((eventId, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}
