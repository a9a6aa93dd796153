using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Connector.Functions.Health;
using Connector.Secrets;
using Connector.Shops;
using Connector.Support;
using Connector.Testing;
using Connector.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokSimulator;

namespace Connector.EndToEndTests.Onboarding;

/// <summary>
/// One test's world: the connector's real function classes in the local host (own tables, queues and TikTok app), the
/// app's secret in the Key Vault emulator, a seller with one shop in the simulator, a clock the test can move and every
/// log line captured.
/// </summary>
public sealed class OnboardingWorld : IAsyncDisposable
{
    private OnboardingWorld(RunningHost host, SimApp app, SimSeller seller, CapturingLoggerProvider logs, ShiftedTime time)
    {
        Host = host;
        App = app;
        Seller = seller;
        Logs = logs;
        Time = time;
    }

    public static TikTokSimulatorServer Sim => TestEnvironment.Current.Simulator;

    public RunningHost Host { get; }
    public SimApp App { get; }
    public SimSeller Seller { get; }
    public CapturingLoggerProvider Logs { get; }
    public ShiftedTime Time { get; }
    public ShopRepository Shops => Host.Services.GetRequiredService<ShopRepository>();
    public SupportCaseStore Cases => Host.Services.GetRequiredService<SupportCaseStore>();
    public AuthorizationRepository Authorizations => Host.Services.GetRequiredService<AuthorizationRepository>();
    public SecretClient Secrets => Host.Services.GetRequiredService<SecretClient>();
    public string AuthorizationId => AuthorizationRepository.IdFor(App.AppKey, Seller.OpenId);

    /// <param name="configure">More services after the connector's (e.g. a test's own clock of one capability).</param>
    /// <param name="hostJsonPath">A host.json for the local host (e.g. the repository's, as run-local.sh runs it); null: the host's defaults.</param>
    public static async Task<OnboardingWorld> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, string? hostJsonPath = null)
    {
        var appKey = "app" + Guid.NewGuid().ToString("N")[..12];
        var appSecret = "secret-" + Guid.NewGuid().ToString("N");
        var secretName = "tiktok-app-" + appKey;
        var vault = SecretClientFactory.Create(new KeyVaultOptions
        {
            Uri = TestEnvironment.Current.KeyVault.VaultUri, EmulatorCertificatePath = TestEnvironment.Current.KeyVault.CertificatePath,
        });
        await vault.SetSecretAsync(secretName, appSecret);

        var values = new Dictionary<string, string?>
        {
            ["TikTok:AppKey"] = appKey,
            ["TikTok:AppSecretName"] = secretName,
            ["TikTok:ServiceId"] = "svc-" + appKey,
            ["TikTok:Regions"] = "GB,DE",
            ["TikTok:AuthBaseUrl"] = Sim.BaseUri.ToString(),
            ["TikTok:OpenApiBaseUrl"] = Sim.BaseUri.ToString(),
            ["TikTok:AuthorizeUrlCurrent"] = new Uri(Sim.BaseUri, "open/authorize").ToString(),
            ["TikTok:AuthorizeUrlLegacy"] = new Uri(Sim.BaseUri, "oauth/authorize").ToString(),
            ["TikTok:AuthorizeUrlUs"] = new Uri(Sim.BaseUri, "open/authorize").ToString(),
            ["TikTok:MaxRetries"] = "1",
            ["TikTok:RetryBaseDelay"] = "00:00:00.010",
            ["TikTok:MaxRetryDelay"] = "00:00:00.100",
            ["TikTok:AttemptTimeout"] = "00:00:10",
            ["TikTok:TotalTimeout"] = "00:00:30",
            ["Logging:LogLevel:Default"] = "Debug",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var time = new ShiftedTime();
        var host = await RunningHost.StartAsync(typeof(HealthFunction).Assembly, (services, configuration) =>
        {
            services.AddConnector(configuration);
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<ILoggerProvider>(logs);
            configure?.Invoke(services);
        }, values, hostJsonPath);

        var app = Sim.State.CreateApp(appKey, appSecret, "svc-" + appKey, new Uri(host.Http.BaseAddress!, "api/oauth/tiktok/callback").ToString());
        var seller = Sim.State.CreateSeller();
        return new OnboardingWorld(host, app, seller, logs, time);
    }

    /// <summary>Support asks for a link: POST /api/admin/merchants/{merchantId}/onboarding-links.</summary>
    public async Task<Uri> CreateLinkAsync(string merchantId, string region = "GB")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/admin/merchants/{merchantId}/onboarding-links") { Content = JsonContent.Create(new { region }) };
        request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        using var response = await Host.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Uri(body.RootElement.GetProperty("url").GetString()!);
    }

    /// <summary>The merchant opens the link: the connector redirects to TikTok's authorize page (with a fresh state).</summary>
    public async Task<Uri> OpenLinkAsync(Uri link)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(link);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    /// <summary>The seller consents on (simulated) TikTok: TikTok redirects to the callback with a code and the state.</summary>
    public async Task<Uri> ConsentAsync(Uri tiktokAuthorizeUrl)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(tiktokAuthorizeUrl + "&seller_id=" + Seller.OpenId + "&auto=1");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    /// <summary>The browser follows TikTok's redirect to the callback.</summary>
    public async Task<(HttpStatusCode Status, string Html)> OpenAsync(Uri callback)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(callback);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpStatusCode Status, string Html)> OpenAsync(string relative) => OpenAsync(new Uri(Host.Http.BaseAddress!, relative));

    public async Task<(HttpStatusCode Status, JsonDocument Body)> PostAdminAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        using var response = await Host.Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Link, consent, callback: the whole happy path for <paramref name="merchantId"/>.</summary>
    public async Task<(Uri Callback, HttpStatusCode Status, string Html)> OnboardAsync(string merchantId)
    {
        var callback = await ConsentAsync(await OpenLinkAsync(await CreateLinkAsync(merchantId)));
        var (status, html) = await OpenAsync(callback);
        return (callback, status, html);
    }

    public async Task<int> TokenSecretVersionsAsync()
    {
        var count = 0;
        try
        {
            await foreach (var _ in Secrets.GetPropertiesOfSecretVersionsAsync(TokenStore.SecretName(AuthorizationId)))
            {
                count++;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        return count;
    }

    /// <summary>No shop, no token secret, no support case.</summary>
    public async Task AssertNothingWrittenAsync()
    {
        Assert.That(await Shops.ListAllAsync(CancellationToken.None), Is.Empty, "no shop");
        Assert.That(await Cases.EveryCaseAsync(), Is.Empty, "no support case");
        Assert.That(await TokenSecretVersionsAsync(), Is.Zero, "no token secret");
        Assert.That(await Authorizations.ListAllAsync(CancellationToken.None), Is.Empty, "no authorization");
    }

    public async ValueTask DisposeAsync()
    {
        Sim.Faults.Clear(App.AppKey);
        await Host.DisposeAsync();
    }

    private static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false });
}

/// <summary>The system clock, moved forward by the test (e.g. past a state's expiry).</summary>
public sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>Every log line of the host (messages, state values and exceptions).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {values} {exception}");
        }
    }
}
