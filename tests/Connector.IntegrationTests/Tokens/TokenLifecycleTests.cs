using System.Text.Json;
using Azure.Security.KeyVault.Secrets;
using Connector.Messaging;
using Connector.Shops;
using Connector.Support;
using Connector.Testing;
using Connector.TikTok;
using Connector.TikTok.Api;
using Connector.Tokens;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.IntegrationTests.Tokens;

/// <summary>
/// The token provider, refresh lease, timer and worker against Azurite, the Key Vault emulator and the simulator. Each
/// "instance" is its own service provider (own cache, own locks) sharing the test's tables and vault, as Functions
/// instances do.
/// </summary>
public sealed class TokenLifecycleTests
{
    private static TikTokSimulatorServer Sim => TestEnvironment.Current.Simulator;

    private sealed class World : IAsyncDisposable
    {
        private readonly List<ServiceProvider> instances = [];
        private readonly Dictionary<string, string?> settings;

        public World()
        {
            Prefix = TestEnvironment.UniquePrefix();
            App = Sim.State.CreateApp(callbackUrl: "http://127.0.0.1:1/callback");
            Seller = Sim.State.CreateSeller();
            settings = TestEnvironment.Current.CreateSettings(Prefix);
            settings["TikTok:AppKey"] = App.AppKey;
            settings["TikTok:AppSecret"] = App.AppSecret;
            settings["TikTok:ServiceId"] = App.ServiceId;
            settings["TikTok:AuthBaseUrl"] = Sim.BaseUri.ToString();
            settings["TikTok:OpenApiBaseUrl"] = Sim.BaseUri.ToString();
            settings["TikTok:MaxRetries"] = "1";
            settings["TikTok:RetryBaseDelay"] = "00:00:00.010";
            settings["TikTok:MaxRetryDelay"] = "00:00:00.100";
            settings["Onboarding:PublicBaseUrl"] = "https://connector.example.com";
            settings["Tokens:LeasePollInterval"] = "00:00:00.050";
        }

        public string Prefix { get; }
        public SimApp App { get; }
        public SimSeller Seller { get; }
        public SimShop Shop => Seller.Shops[0];
        public string AuthorizationId => AuthorizationRepository.IdFor(App.AppKey, Seller.OpenId);

        /// <summary>A new connector instance (own caches and locks) on the shared tables and vault.</summary>
        public IServiceProvider Instance()
        {
            var services = new ServiceCollection().AddLogging();
            services.AddConnector(TestEnvironment.Current.CreateConfiguration(Prefix, settings));
            var provider = services.BuildServiceProvider();
            instances.Add(provider);
            return provider;
        }

        /// <summary>The seller authorized the app; the shop is Active; Key Vault says the access token expires in an hour.</summary>
        public async Task<TokenGrant> SeedActiveShopExpiringSoonAsync(IServiceProvider instance)
        {
            var grant = Sim.State.Authorize(App.AppKey, Seller.OpenId);
            var soon = DateTimeOffset.UtcNow.AddHours(1);
            await instance.GetRequiredService<TokenStore>().SaveAsync(AuthorizationId, new TokenSet
            {
                AccessToken = grant.AccessToken, AccessTokenExpiresAt = soon, RefreshToken = grant.RefreshToken,
                RefreshTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(grant.RefreshTokenExpireIn), AppKey = App.AppKey, OpenId = Seller.OpenId,
                Scopes = grant.GrantedScopes,
            }, CancellationToken.None);
            await instance.GetRequiredService<AuthorizationRepository>().SaveAsync(new AuthorizationRecord
            {
                AuthorizationId = AuthorizationId, AppKey = App.AppKey, OpenId = Seller.OpenId, MerchantId = "merchant-1", SellerRegion = "GB",
                AccessTokenExpiresAt = soon, RefreshTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(grant.RefreshTokenExpireIn),
                Shops = [new TikTokAuthorizedShop { Id = Shop.Id, Name = Shop.Name, Region = Shop.Region, Cipher = Shop.Cipher }],
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            }, CancellationToken.None);
            await instance.GetRequiredService<ShopRepository>().CreateAsync(new ShopRecord
            {
                ShopId = Shop.Id, MerchantId = "merchant-1", Name = Shop.Name, Region = Shop.Region, Cipher = Shop.Cipher, AppKey = App.AppKey,
                AuthorizationId = AuthorizationId, Status = ShopStatus.Active, AccessTokenExpiresAt = soon, CreatedAt = DateTimeOffset.UtcNow,
            }, CancellationToken.None);
            return grant;
        }

        public int Refreshes => Sim.Calls.Count(App.AppKey, "/api/v2/token/refresh");

        public async ValueTask DisposeAsync()
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Eight_workers_needing_a_token_about_to_expire_cause_exactly_one_refresh_and_all_get_the_new_token()
    {
        await using var world = new World();
        var grant = await world.SeedActiveShopExpiringSoonAsync(world.Instance());
        var workers = Enumerable.Range(0, 8).Select(_ => world.Instance().GetRequiredService<ITikTokTokenProvider>()).ToList();

        var tokens = await Task.WhenAll(workers.Select(w => w.GetAccessTokenAsync(world.Shop.Id, CancellationToken.None).AsTask()));

        Assert.That(world.Refreshes, Is.EqualTo(1), "exactly one refresh reached TikTok");
        Assert.That(tokens.Select(t => t.Value).Distinct().ToList(), Has.Count.EqualTo(1), "all eight got the same token");
        Assert.That(tokens[0].Value, Is.Not.EqualTo(grant.AccessToken), "the new token");
        Assert.That(tokens[0].ExpiresAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddDays(6)));
        Assert.That(tokens[0].AppKey, Is.EqualTo(world.App.AppKey));
        var stored = await world.Instance().GetRequiredService<TokenStore>().GetAsync(world.AuthorizationId, CancellationToken.None);
        Assert.That(stored!.AccessToken, Is.EqualTo(tokens[0].Value), "the new pair is in Key Vault");
        var shop = await world.Instance().GetRequiredService<ShopRepository>().GetAsync(world.Shop.Id, CancellationToken.None);
        Assert.That(shop!.AccessTokenExpiresAt, Is.EqualTo(stored.AccessTokenExpiresAt), "the shop shows the new expiry date");
    }

    [Test]
    public async Task A_call_with_the_provider_uses_the_app_that_authorized_the_shop()
    {
        await using var world = new World();
        var instance = world.Instance();
        await world.SeedActiveShopExpiringSoonAsync(instance);

        var warehouses = await instance.GetRequiredService<ITikTokShopClient>().GetWarehousesAsync(new TikTokShopRef(world.Shop.Id, world.Shop.Cipher), CancellationToken.None);

        Assert.That(warehouses, Is.Not.Empty);
        Assert.That(Sim.Calls.Count(world.App.AppKey, "/logistics/202309/warehouses"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_refresh_that_fails_for_good_marks_the_shops_ReauthorizationRequired_and_opens_a_case_with_a_link()
    {
        await using var world = new World();
        var instance = world.Instance();
        await world.SeedActiveShopExpiringSoonAsync(instance);
        Sim.State.Revoke(world.App.AppKey, world.Seller.OpenId);

        await instance.GetRequiredService<TokenRefreshWorker>().HandleAsync(new TokenRefreshMessage(world.AuthorizationId), CancellationToken.None);
        var scheduledAfterwards = await instance.GetRequiredService<TokenRefreshFanOut>().RunAsync(CancellationToken.None);

        var shop = await instance.GetRequiredService<ShopRepository>().GetAsync(world.Shop.Id, CancellationToken.None);
        Assert.That(shop!.Status, Is.EqualTo(ShopStatus.ReauthorizationRequired));
        Assert.That(shop.StatusBeforeReauthorization, Is.EqualTo(ShopStatus.Active));
        var authorization = await instance.GetRequiredService<AuthorizationRepository>().GetAsync(world.AuthorizationId, CancellationToken.None);
        Assert.That(authorization!.Status, Is.EqualTo(AuthorizationStatus.ReauthorizationRequired));
        var supportCase = (await instance.GetRequiredService<SupportCaseStore>().EveryCaseAsync()).Single();
        Assert.That(supportCase.Kind, Is.EqualTo(SupportCaseKind.ReauthorizationRequired));
        Assert.That(supportCase.ShopId, Is.EqualTo(world.Shop.Id));
        Assert.That(supportCase.Message, Does.Contain("https://connector.example.com/api/oauth/tiktok/authorize?merchant=merchant-1&region=GB"));
        Assert.That(scheduledAfterwards, Is.Zero, "no longer scheduled");
        Assert.That(world.Refreshes, Is.EqualTo(1), "not retried");
    }

    [Test]
    public async Task A_worker_that_died_after_TikTok_refreshed_but_before_saving_leaves_the_shop_working()
    {
        await using var world = new World();
        var instance = world.Instance();
        var grant = await world.SeedActiveShopExpiringSoonAsync(instance);
        // The dead worker's refresh: TikTok answered with a new pair that never reached Key Vault.
        var lost = Sim.State.Refresh(world.App.AppKey, world.App.AppSecret, grant.RefreshToken, "refresh_token");

        var token = await world.Instance().GetRequiredService<ITikTokTokenProvider>().GetAccessTokenAsync(world.Shop.Id, CancellationToken.None);

        Assert.That(token.Value, Is.Not.EqualTo(grant.AccessToken).And.Not.EqualTo(lost.AccessToken), "a fresh token from the refresh token Key Vault kept");
        var shop = await instance.GetRequiredService<ShopRepository>().GetAsync(world.Shop.Id, CancellationToken.None);
        Assert.That(shop!.Status, Is.EqualTo(ShopStatus.Active));
        Assert.That(await instance.GetRequiredService<SupportCaseStore>().EveryCaseAsync(), Is.Empty, "no re-authorization case");
        var stored = await instance.GetRequiredService<TokenStore>().GetAsync(world.AuthorizationId, CancellationToken.None);
        Assert.That(stored!.AccessToken, Is.EqualTo(token.Value));
    }

    [Test]
    public async Task The_timer_queues_one_message_per_authorization_inside_the_window()
    {
        await using var world = new World();
        var instance = world.Instance();
        await world.SeedActiveShopExpiringSoonAsync(instance);

        var due = await instance.GetRequiredService<TokenRefreshFanOut>().RunAsync(CancellationToken.None);

        Assert.That(due, Is.EqualTo(1));
        var queue = TestEnvironment.Current.CreateStorage(world.Prefix).Queue(instance.GetRequiredService<QueueNames>().TokenRefresh);
        var message = (await queue.ReceiveMessageAsync()).Value;
        Assert.That(JsonSerializer.Deserialize<TokenRefreshMessage>(message.Body.ToString(), JsonSerializerOptions.Web)!.AuthorizationId, Is.EqualTo(world.AuthorizationId));
    }

    [Test]
    public async Task An_access_token_TikTok_calls_expired_is_refreshed_once_and_the_call_succeeds()
    {
        await using var world = new World();
        var instance = world.Instance();
        var grant = await world.SeedActiveShopExpiringSoonAsync(instance);
        var provider = instance.GetRequiredService<KeyVaultTokenProvider>();
        // Key Vault says the token is good for days; TikTok says it expired.
        var stored = (await instance.GetRequiredService<TokenStore>().GetAsync(world.AuthorizationId, CancellationToken.None))!;
        await instance.GetRequiredService<TokenStore>().SaveAsync(world.AuthorizationId, stored with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddDays(5) }, CancellationToken.None);
        provider.Forget(world.AuthorizationId);
        Sim.State.ExpireAccessToken(grant.AccessToken);

        var warehouses = await instance.GetRequiredService<ITikTokShopClient>().GetWarehousesAsync(new TikTokShopRef(world.Shop.Id, world.Shop.Cipher), CancellationToken.None);

        Assert.That(warehouses, Is.Not.Empty);
        Assert.That(world.Refreshes, Is.EqualTo(1));
    }
}
