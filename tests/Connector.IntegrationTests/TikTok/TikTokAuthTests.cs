using System.Net;
using Connector.TikTok;

namespace Connector.IntegrationTests.TikTok;

public sealed class TikTokAuthTests
{
    private static TikTokSimulator.TikTokSimulatorServer Sim => TikTokTestShop.Sim;

    [TestCase("Current")]
    [TestCase("Legacy")]
    public async Task Seller_consent_redirects_with_a_code_that_exchanges_for_tokens(string form)
    {
        await using var world = await TikTokTestShop.CreateAsync(new Dictionary<string, string?> { ["AuthorizeUrlForm"] = form }, authorize: false);
        var link = world.Auth.BuildAuthorizeUrl("state-123");

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(link + "&seller_id=" + world.Seller.OpenId + "&auto=1");
        Assert.That(consent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var callback = consent.Headers.Location!;
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        Assert.That(query["state"], Is.EqualTo("state-123"));

        var before = DateTimeOffset.UtcNow;
        var authorization = await world.Auth.ExchangeCodeAsync(query["code"]!, CancellationToken.None);

        Assert.That(authorization.OpenId, Is.EqualTo(world.Seller.OpenId));
        Assert.That(authorization.AccessToken.ExpiresAt, Is.GreaterThan(before.AddDays(6)).And.LessThan(before.AddDays(8)), "absolute timestamp, ~7 days ahead");
        Assert.That(authorization.RefreshTokenExpiresAt, Is.GreaterThan(authorization.AccessToken.ExpiresAt));
        Assert.That(authorization.GrantedScopes, Is.Not.Empty);
    }

    [Test]
    public async Task An_auth_code_works_only_once()
    {
        await using var world = await TikTokTestShop.CreateAsync(authorize: false);
        var code = Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId);
        await world.Auth.ExchangeCodeAsync(code, CancellationToken.None);

        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Auth.ExchangeCodeAsync(code, CancellationToken.None)))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.InvalidRequest));
        Assert.That(error.RequestId, Is.Not.Empty);
    }

    [Test]
    public async Task Refresh_gives_a_new_pair_within_the_authorization_duration_and_the_earlier_refresh_token_still_works()
    {
        await using var world = await TikTokTestShop.CreateAsync(authorize: false);
        var first = await world.Auth.ExchangeCodeAsync(Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId), CancellationToken.None);

        var second = await world.Auth.RefreshAsync(first.RefreshToken, CancellationToken.None);
        var again = await world.Auth.RefreshAsync(first.RefreshToken, CancellationToken.None);

        Assert.That(second.AccessToken.Value, Is.Not.EqualTo(first.AccessToken.Value));
        Assert.That(second.RefreshTokenExpiresAt, Is.EqualTo(first.RefreshTokenExpiresAt), "the refresh token lives as long as the seller's authorization");
        Assert.That(again.AccessToken.Value, Is.Not.EqualTo(second.AccessToken.Value), "a refresh token kept by a caller that never saved the answer still works");
    }

    [Test]
    public async Task A_refresh_after_the_authorization_duration_is_refused_as_lost()
    {
        await using var world = await TikTokTestShop.CreateAsync(authorize: false);
        var first = await world.Auth.ExchangeCodeAsync(Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId), CancellationToken.None);
        Sim.State.ExpireRefreshToken(first.RefreshToken);

        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Auth.RefreshAsync(first.RefreshToken, CancellationToken.None)))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.AuthorizationRevoked));
        Assert.That(error.Code, Is.EqualTo(TikTokErrorCodes.RefreshTokenExpired));
    }

    [Test]
    public async Task Token_exchange_errors_and_logs_never_carry_the_app_secret()
    {
        await using var world = await TikTokTestShop.CreateAsync(authorize: false);

        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Auth.ExchangeCodeAsync("not-a-code", CancellationToken.None)))!;

        Assert.That(error.ToString(), Does.Not.Contain(world.App.AppSecret));
        Assert.That(world.Logs.Entries.Select(e => e.Message), Has.None.Contains(world.App.AppSecret));
    }

    [Test]
    public async Task Authorized_shops_list_the_shop_with_its_cipher()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var token = await world.Tokens.GetAccessTokenAsync(world.Shop.ShopId, CancellationToken.None);

        var shops = await world.Client.GetAuthorizedShopsAsync(token, CancellationToken.None);

        var shop = shops.Single();
        Assert.That(shop.Id, Is.EqualTo(world.Shop.ShopId));
        Assert.That(shop.Cipher, Is.EqualTo(world.Shop.Cipher));
        Assert.That(shop.Region, Is.EqualTo("GB"));
    }

    [Test]
    public async Task Expired_access_token_is_refreshed_once_and_the_call_retried()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var expired = world.Tokens.AccessToken(world.Shop.ShopId);
        Sim.State.ExpireAccessToken(expired);

        var warehouses = await world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None);

        Assert.That(warehouses, Is.Not.Empty);
        Assert.That(world.Tokens.Refreshes, Is.EqualTo(1));
        Assert.That(world.Tokens.AccessToken(world.Shop.ShopId), Is.Not.EqualTo(expired));
        Assert.That(world.Calls("/api/v2/token/refresh"), Is.EqualTo(1));
        Assert.That(world.Calls("/logistics/202309/warehouses"), Is.EqualTo(2));
    }

    [Test]
    public async Task Revoked_authorization_surfaces_as_authorization_revoked_without_retries()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        Sim.State.Revoke(world.App.AppKey, world.Seller.OpenId);

        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None)))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.AuthorizationRevoked));
        Assert.That(world.Calls("/logistics/202309/warehouses"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_wrong_app_secret_is_rejected_by_the_simulator_as_an_invalid_signature()
    {
        await using var world = await TikTokTestShop.CreateAsync(appSecret: "not-the-secret");

        var error = (await Assert.ThrowsAsync<TikTokException>(() => world.Client.GetWarehousesAsync(world.Shop, CancellationToken.None)))!;

        Assert.That(error.Kind, Is.EqualTo(TikTokErrorKind.InvalidSignature));
        Assert.That(error.Code, Is.EqualTo(106001));
        Assert.That(error.HttpStatus, Is.EqualTo(401));
        Assert.That(world.Calls("/logistics/202309/warehouses"), Is.EqualTo(1), "no retry");
    }
}
