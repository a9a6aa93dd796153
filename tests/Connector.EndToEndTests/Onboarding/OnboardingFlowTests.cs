using Connector.Testing;
using System.Net;
using Connector.Shops;
using Connector.Support;
using Connector.Tokens;
using TikTokSimulator;

namespace Connector.EndToEndTests.Onboarding;

/// <summary>Seller onboarding over HTTP through the local host, with Azurite, the Key Vault emulator and the TikTok simulator.</summary>
public sealed class OnboardingFlowTests
{
    private static TikTokSimulatorServer Sim => OnboardingWorld.Sim;

    [Test]
    public async Task Link_consent_and_callback_store_the_shop_the_tokens_in_Key_Vault_and_open_an_activation_case()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var shop = world.Seller.Shops[0];

        var (_, status, html) = await world.OnboardAsync("merchant-1");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Contain(shop.Name).And.Contain(shop.Id).And.Contain("PendingActivation"));
        var stored = await world.Shops.GetAsync(shop.Id, CancellationToken.None);
        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.MerchantId, Is.EqualTo("merchant-1"));
        Assert.That(stored.Status, Is.EqualTo(ShopStatus.PendingActivation));
        Assert.That(stored.AppKey, Is.EqualTo(world.App.AppKey));
        Assert.That(stored.Cipher, Is.EqualTo(shop.Cipher));
        Assert.That(stored.AuthorizationId, Is.EqualTo(world.AuthorizationId));
        Assert.That(stored.AccessTokenExpiresAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddDays(6)));
        var tokens = await new TokenStore(world.Secrets).GetAsync(world.AuthorizationId, CancellationToken.None);
        Assert.That(tokens, Is.Not.Null, "tokens in Key Vault");
        Assert.That(tokens!.RefreshToken, Is.Not.Empty);
        Assert.That(tokens.Scopes, Is.Not.Empty);
        Assert.That(tokens.AppKey, Is.EqualTo(world.App.AppKey));
        var activation = (await world.Cases.EveryCaseAsync()).Single();
        Assert.That(activation.Kind, Is.EqualTo(SupportCaseKind.ActivateShop));
        Assert.That(activation.ShopId, Is.EqualTo(shop.Id));
        Assert.That(activation.MerchantId, Is.EqualTo("merchant-1"));
        Assert.That(activation.Message, Does.Contain(shop.Id).And.Contain("merchant-1"));
    }

    [Test]
    public async Task The_same_callback_opened_twice_shows_the_same_result_and_creates_nothing_twice()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var (callback, _, first) = await world.OnboardAsync("merchant-1");

        var (status, second) = await world.OpenAsync(callback);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(await world.Shops.ListAllAsync(CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(await world.Cases.EveryCaseAsync(), Has.Count.EqualTo(1));
        Assert.That(await world.TokenSecretVersionsAsync(), Is.EqualTo(1));
        Assert.That(Sim.Calls.Count(world.App.AppKey, "/api/v2/token/get"), Is.EqualTo(1), "one code exchange");
    }

    [Test]
    public async Task A_callback_without_a_code_is_refused_and_nothing_is_stored()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var callback = await world.ConsentAsync(await world.OpenLinkAsync(await world.CreateLinkAsync("merchant-1")));
        var state = System.Web.HttpUtility.ParseQueryString(callback.Query)["state"];

        var (status, html) = await world.OpenAsync($"api/oauth/tiktok/callback?state={state}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("Reference"));
        await world.AssertNothingWrittenAsync();
    }

    [Test]
    public async Task A_seller_who_declines_on_TikTok_gets_the_error_page_and_no_token_exchange_happens()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var tiktok = await world.OpenLinkAsync(await world.CreateLinkAsync("merchant-1"));
        var callback = await world.ConsentAsync(new Uri(tiktok + "&deny=1"));

        var (status, html) = await world.OpenAsync(callback);
        var (pastedStatus, pasted) = await world.PostAdminAsync("api/admin/oauth/complete", new { redirectUrl = callback.ToString() });
        var accepted = await world.OpenAsync(await world.ConsentAsync(tiktok));

        Assert.That(callback.Query, Does.Contain("code=null").And.Contain("error=auth_denied"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("declined").And.Contain("Reference"));
        Assert.That(pastedStatus, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(pasted.RootElement.GetProperty("title").GetString(), Is.EqualTo("AuthorizationDenied"));
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.OK), "the link still works when the seller then authorizes");
        Assert.That(Sim.Calls.Count(world.App.AppKey, "/api/v2/token/get"), Is.EqualTo(1), "only the accepted authorization was exchanged");
    }

    [Test]
    public async Task A_callback_without_state_is_refused_when_state_is_required()
    {
        await using var world = await OnboardingWorld.StartAsync(new Dictionary<string, string?> { ["Onboarding:AcceptCallbacksWithoutState"] = "false" });
        var code = Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId);

        var (status, html) = await world.OpenAsync($"api/oauth/tiktok/callback?code={Uri.EscapeDataString(code)}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("no state").And.Contain("Reference"));
        await world.AssertNothingWrittenAsync();
    }

    [Test]
    public async Task A_callback_with_an_unknown_state_is_refused_and_nothing_is_stored()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var code = Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId);

        var (status, html) = await world.OpenAsync($"api/oauth/tiktok/callback?code={Uri.EscapeDataString(code)}&state=not-issued-here");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("not one this connector issued"));
        await world.AssertNothingWrittenAsync();
    }

    [Test]
    public async Task A_callback_after_the_state_expired_is_refused_and_nothing_is_stored()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var tiktok = await world.OpenLinkAsync(await world.CreateLinkAsync("merchant-1"));
        var callback = await world.ConsentAsync(tiktok);
        world.Time.Offset = TimeSpan.FromMinutes(31);

        var (status, html) = await world.OpenAsync(callback);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("expired"));
        await world.AssertNothingWrittenAsync();
    }

    [Test]
    public async Task A_state_used_once_is_refused_for_a_second_code_and_nothing_more_is_stored()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var tiktok = await world.OpenLinkAsync(await world.CreateLinkAsync("merchant-1"));
        var first = await world.ConsentAsync(tiktok);
        var second = await world.ConsentAsync(tiktok); // same state, another code
        Assert.That((await world.OpenAsync(first)).Status, Is.EqualTo(HttpStatusCode.OK));

        var (status, html) = await world.OpenAsync(second);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("already used"));
        Assert.That(await world.Shops.ListAllAsync(CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(await world.Cases.EveryCaseAsync(), Has.Count.EqualTo(1));
        Assert.That(await world.TokenSecretVersionsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_code_TikTok_rejects_is_refused_and_nothing_is_stored()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var callback = await world.ConsentAsync(await world.OpenLinkAsync(await world.CreateLinkAsync("merchant-1")));
        var state = System.Web.HttpUtility.ParseQueryString(callback.Query)["state"];

        var (status, html) = await world.OpenAsync($"api/oauth/tiktok/callback?code=expired-or-used&state={state}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("TikTok did not accept"));
        await world.AssertNothingWrittenAsync();
    }

    [Test]
    public async Task TikTok_unreachable_during_the_exchange_shows_a_retry_page_and_nothing_is_stored()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var callback = await world.ConsentAsync(await world.OpenLinkAsync(await world.CreateLinkAsync("merchant-1")));
        Sim.Faults.Add(new FaultRule { AppKey = world.App.AppKey, Path = "/api/v2/token/get", Kind = FaultKind.ServerError, Count = null });

        var (status, html) = await world.OpenAsync(callback);

        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(html, Does.Contain("Reference"));
        await world.AssertNothingWrittenAsync();
    }

    [Test]
    public async Task A_shop_linked_to_another_merchant_is_refused_changes_nothing_and_opens_a_case_naming_both_merchants()
    {
        await using var world = await OnboardingWorld.StartAsync();
        await world.OnboardAsync("merchant-1");
        var casesBefore = await world.Cases.EveryCaseAsync();

        var (_, status, html) = await world.OnboardAsync("merchant-2");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(html, Does.Contain("already linked to another merchant"));
        var shop = (await world.Shops.ListAllAsync(CancellationToken.None)).Single();
        Assert.That(shop.MerchantId, Is.EqualTo("merchant-1"));
        var opened = (await world.Cases.EveryCaseAsync()).ExceptBy(casesBefore.Select(c => c.CaseId), c => c.CaseId).Single();
        Assert.That(opened.Kind, Is.EqualTo(SupportCaseKind.ShopClaimedByAnotherMerchant));
        Assert.That(opened.ShopId, Is.EqualTo(shop.ShopId));
        Assert.That(opened.Message, Does.Contain("merchant-1").And.Contain("merchant-2"));
        Assert.That(await world.TokenSecretVersionsAsync(), Is.EqualTo(1), "the second authorization's tokens were not stored");

        await world.OnboardAsync("merchant-2");
        Assert.That((await world.Cases.EveryCaseAsync()).Count(c => c.Kind == SupportCaseKind.ShopClaimedByAnotherMerchant), Is.EqualTo(1), "a second try the same day adds no case");
    }

    [Test]
    public async Task A_callback_without_state_stores_an_unassigned_authorization_that_support_assigns()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var code = Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId);

        var (status, html) = await world.OpenAsync($"api/oauth/tiktok/callback?code={Uri.EscapeDataString(code)}");
        var assignCase = (await world.Cases.EveryCaseAsync()).Single();
        var shopsBeforeAssignment = await world.Shops.ListAllAsync(CancellationToken.None);
        var (assigned, _) = await world.PostAdminAsync($"api/admin/authorizations/{world.AuthorizationId}/assign", new { merchantId = "merchant-9" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(assignCase.Kind, Is.EqualTo(SupportCaseKind.AssignAuthorization));
        Assert.That(shopsBeforeAssignment, Is.Empty);
        Assert.That(assigned, Is.EqualTo(HttpStatusCode.OK));
        var shop = (await world.Shops.ListAllAsync(CancellationToken.None)).Single();
        Assert.That(shop.MerchantId, Is.EqualTo("merchant-9"));
        Assert.That(shop.Status, Is.EqualTo(ShopStatus.PendingActivation));
    }

    [Test]
    public async Task A_pasted_redirect_url_completes_onboarding_with_the_same_checks()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var callback = await world.ConsentAsync(await world.OpenLinkAsync(await world.CreateLinkAsync("merchant-1")));
        var pastedFromTestEnvironment = "https://test.example.com/api/oauth/tiktok/callback" + callback.Query;

        var (status, body) = await world.PostAdminAsync("api/admin/oauth/complete", new { redirectUrl = pastedFromTestEnvironment });
        var (again, problem) = await world.PostAdminAsync("api/admin/oauth/complete", new { redirectUrl = "https://x.example/cb?state=abc" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.RootElement.ToString());
        Assert.That(body.RootElement.GetProperty("merchantId").GetString(), Is.EqualTo("merchant-1"));
        Assert.That(await world.Shops.GetAsync(world.Seller.Shops[0].Id, CancellationToken.None), Is.Not.Null);
        Assert.That(again, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.RootElement.GetProperty("title").GetString(), Is.EqualTo("MissingCode"));
        Assert.That(problem.RootElement.GetProperty("reference").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task A_tampered_onboarding_link_shows_an_error_page_and_creates_no_state()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var link = await world.CreateLinkAsync("merchant-1");

        var (status, html) = await world.OpenAsync(new Uri(link.ToString().Replace("merchant-1", "merchant-2", StringComparison.Ordinal)));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("signature").And.Contain("Reference"));
    }

    [Test]
    public async Task Admin_endpoints_need_the_function_key_and_answer_problems_for_bad_input()
    {
        await using var world = await OnboardingWorld.StartAsync();

        using var anonymous = await world.Host.Http.PostAsync(new Uri("api/admin/merchants/m1/onboarding-links", UriKind.Relative), new StringContent("{\"region\":\"GB\"}"));
        var (noRegion, problem) = await world.PostAdminAsync("api/admin/merchants/m1/onboarding-links", new { });
        var (unserved, _) = await world.PostAdminAsync("api/admin/merchants/m1/onboarding-links", new { region = "US" });

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(noRegion, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(400));
        Assert.That(unserved, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "this test's app serves GB and DE only");
    }

    [Test]
    public async Task Logs_of_the_whole_flow_contain_no_token_and_no_app_secret()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var (callback, _, _) = await world.OnboardAsync("merchant-1");
        await world.OpenAsync(callback);
        await world.OpenAsync("api/oauth/tiktok/callback?code=bad&state=bad");
        var tokens = (await new TokenStore(world.Secrets).GetAsync(world.AuthorizationId, CancellationToken.None))!;
        var code = System.Web.HttpUtility.ParseQueryString(callback.Query)["code"]!;

        var lines = world.Logs.Lines;

        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines, Has.None.Contains(tokens.AccessToken));
        Assert.That(lines, Has.None.Contains(tokens.RefreshToken));
        Assert.That(lines, Has.None.Contains(world.App.AppSecret));
        // Neither the connector nor the host's request log (kept to warnings: URLs carry codes and keys) prints the code.
        Assert.That(lines, Has.None.Contains(code), "nothing logs the authorization code");
        Assert.That(lines, Has.None.Contains(RunningHost.FunctionKey), "nothing logs a function key");
    }
}
