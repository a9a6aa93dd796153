using Connector.TikTok;
using Connector.TikTok.Api;
using Connector.TikTok.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Testing.TikTokReference;

/// <summary>
/// The real TikTok client (wired by <c>AddTikTokShop</c>) talking to a <see cref="ReferenceResponder"/> instead of
/// TikTok: every call is recorded and answered with TikTok's own example response of that endpoint. Use it to check
/// what the client sends against the reference and that it parses TikTok's examples:
/// <code>
/// await using var world = ReferenceClient.Create();
/// var orders = await world.Client.GetOrdersAsync(world.Shop, ["576461413038785752"], ct);
/// ReferenceConformance.AssertRequest(world.Last.Endpoint!, world.Last.Request);
/// </code>
/// </summary>
public sealed class ReferenceClient : IAsyncDisposable
{
    public const string AppKey = "reference-app";
    public const string AppSecret = "reference-secret";
    public const string AccessToken = "TTP_reference-access-token";

    private readonly ServiceProvider services;

    private ReferenceClient(ServiceProvider services, ReferenceResponder responder)
    {
        this.services = services;
        Responder = responder;
    }

    public ReferenceResponder Responder { get; }

    public ITikTokShopClient Client => services.GetRequiredService<ITikTokShopClient>();

    public TikTokAuthService Auth => services.GetRequiredService<TikTokAuthService>();

    public IServiceProvider Services => services;

    /// <summary>A shop reference with TikTok's example cipher.</summary>
    public TikTokShopRef Shop { get; } = new("7494049642642441621", "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3");

    /// <summary>The last call the client made, with the endpoint it matched (null endpoint: undocumented).</summary>
    public (RecordedRequest Request, EndpointSpec? Endpoint) Last =>
        Responder.Calls.Count > 0 ? Responder.Calls[^1] : throw new InvalidOperationException("The client made no call.");

    /// <param name="settings">Overrides of the <c>TikTok</c> section (e.g. <c>["PageSize"] = "100"</c>).</param>
    public static ReferenceClient Create(IDictionary<string, string?>? settings = null, TikTokReference? reference = null)
    {
        var responder = new ReferenceResponder(reference ?? TikTokReference.Default);
        var values = new Dictionary<string, string?>
        {
            ["TikTok:AppKey"] = AppKey,
            ["TikTok:AppSecret"] = AppSecret,
            ["TikTok:ServiceId"] = "7172000000000070150",
            ["TikTok:AuthBaseUrl"] = "https://auth.tiktok-shops.com",
            ["TikTok:OpenApiBaseUrl"] = "https://open-api.tiktokglobalshop.com",
            ["TikTok:MaxRetries"] = "1",
            ["TikTok:RetryBaseDelay"] = "00:00:00.001",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["TikTok:" + key] = value;
        }

        var services = new ServiceCollection().AddLogging();
        services.AddTikTokShop(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddSingleton<ITikTokTokenProvider>(new FixedTokens());
        services.AddHttpClient<ITikTokShopClient, TikTokShopClient>().ConfigurePrimaryHttpMessageHandler(() => responder);
        services.AddHttpClient<TikTokAuthService>().ConfigurePrimaryHttpMessageHandler(() => responder);
        return new ReferenceClient(services.BuildServiceProvider(), responder);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();

    private sealed class FixedTokens : ITikTokTokenProvider
    {
        private static readonly TikTokAccessToken Token = new(AccessToken, DateTimeOffset.UtcNow.AddDays(7)) { AppKey = ReferenceClient.AppKey };

        public ValueTask<TikTokAccessToken> GetAccessTokenAsync(string shopId, CancellationToken cancellationToken) => ValueTask.FromResult(Token);

        public ValueTask<TikTokAccessToken> RefreshAsync(string shopId, string rejectedToken, CancellationToken cancellationToken) => ValueTask.FromResult(Token);
    }
}
