using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.UnitTests.TikTok.Reference;

/// <summary>Seller authorization as TikTok's authorization guide describes it: each app's own link, the token endpoints.</summary>
public sealed class AuthorizationConformanceTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikTokShop(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(Moq.Mock.Of<ITikTokTokenProvider>());
        return services.BuildServiceProvider();
    }

    [Test]
    public void A_US_app_links_to_the_US_authorization_host_and_a_non_US_app_to_the_global_one()
    {
        var guide = TikTokReference.Default.Guide("get-started/authorization/authorization-guide-202309").Content;
        Assert.That(guide, Does.Contain("https://services.us.tiktokshop.com/open/authorize").And.Contain("https://services.tiktokshop.com/open/authorize"));

        using var provider = Build(new()
        {
            ["TikTok:Apps:0:AppKey"] = "us-app", ["TikTok:Apps:0:AppSecret"] = "s1", ["TikTok:Apps:0:ServiceId"] = "7001", ["TikTok:Apps:0:Regions"] = "US",
            ["TikTok:Apps:1:AppKey"] = "row-app", ["TikTok:Apps:1:AppSecret"] = "s2", ["TikTok:Apps:1:ServiceId"] = "7002", ["TikTok:Apps:1:Regions"] = "GB,DE",
        });
        var apps = provider.GetRequiredService<TikTokApps>();
        var auth = provider.GetRequiredService<TikTokAuthService>();

        Assert.That(auth.BuildAuthorizeUrl(apps.ForRegion("US")!, "st").AbsoluteUri, Is.EqualTo("https://services.us.tiktokshop.com/open/authorize?service_id=7001&state=st"));
        Assert.That(auth.BuildAuthorizeUrl(apps.ForRegion("GB")!, "st").AbsoluteUri, Is.EqualTo("https://services.tiktokshop.com/open/authorize?service_id=7002&state=st"));
    }

    [Test]
    public void An_app_can_carry_its_own_authorization_link_and_the_first_app_follows_its_regions()
    {
        using var provider = Build(new()
        {
            ["TikTok:AppKey"] = "us-app", ["TikTok:AppSecret"] = "s1", ["TikTok:ServiceId"] = "7001", ["TikTok:Regions"] = "US",
            ["TikTok:Apps:0:AppKey"] = "eu-app", ["TikTok:Apps:0:AppSecret"] = "s2", ["TikTok:Apps:0:ServiceId"] = "7002",
            ["TikTok:Apps:0:AuthorizeUrl"] = "https://services.eu.example/open/authorize",
        });
        var apps = provider.GetRequiredService<TikTokApps>();
        var auth = provider.GetRequiredService<TikTokAuthService>();

        Assert.That(auth.BuildAuthorizeUrl(apps.Find("us-app")!, "a").Host, Is.EqualTo("services.us.tiktokshop.com"));
        Assert.That(auth.BuildAuthorizeUrl(apps.Find("eu-app")!, "a").Host, Is.EqualTo("services.eu.example"));
    }

    [Test]
    public async Task The_code_exchange_and_refresh_send_what_the_guide_documents_and_read_its_example()
    {
        var guide = TikTokReference.Default.Guide("get-started/authorization/authorization-overview-202407");
        var example = guide.CodeBlocks.Select(b => b.Code).First(c => c.Contains("\"access_token_expire_in\"", StringComparison.Ordinal));
        var body = example.Replace("\"user_type\":0    \n", "\"user_type\":0,\n", StringComparison.Ordinal); // the refresh example lacks a comma; the get one is valid JSON
        await using var world = ReferenceClient.Create();
        using var http = new HttpClient(new FixedAnswer(body));

        var service = new TikTokAuthService(http, world.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TikTokOptions>>(),
            world.Services.GetRequiredService<TikTokApps>(), world.Services.GetRequiredService<Connector.TikTok.Http.TikTokResilience>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TikTokAuthService>.Instance);
        var tokens = await service.ExchangeCodeAsync("TTP_FeBoANmHP3yqdoUI9fZOCw", CancellationToken.None);

        Assert.That(FixedAnswer.LastPath, Is.EqualTo("/api/v2/token/get"));
        Assert.That(FixedAnswer.LastQuery.Split('&').Select(p => p.Split('=')[0]), Is.EquivalentTo(new[] { "app_key", "app_secret", "auth_code", "grant_type" }));
        Assert.That(FixedAnswer.LastQuery, Does.Contain("grant_type=authorized_code"));
        Assert.That(tokens.AccessToken.ExpiresAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1660556783)));
        Assert.That(tokens.RefreshTokenExpiresAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1691487031)));
        Assert.That(tokens.SellerBaseRegion, Is.EqualTo("ID"));

        await service.RefreshAsync("TTP_NTUxZTNh", CancellationToken.None);
        Assert.That(FixedAnswer.LastPath, Is.EqualTo("/api/v2/token/refresh"));
        Assert.That(FixedAnswer.LastQuery, Does.Contain("grant_type=refresh_token").And.Contain("refresh_token=TTP_NTUxZTNh"));
    }

    private sealed class FixedAnswer(string body) : HttpMessageHandler
    {
        public static string LastPath { get; private set; } = "";

        public static string LastQuery { get; private set; } = "";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastPath = request.RequestUri!.AbsolutePath;
            LastQuery = request.RequestUri.Query.TrimStart('?');
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }
}
