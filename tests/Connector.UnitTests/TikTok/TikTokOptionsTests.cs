using Connector.TikTok;
using Connector.TikTok.Auth;

namespace Connector.UnitTests.TikTok;

public sealed class TikTokOptionsTests
{
    private static TikTokOptions Valid() => new() { AppKey = "key", AppSecret = "secret", ServiceId = "7001" };

    [Test]
    public void Current_authorize_url_carries_the_service_id_and_state()
    {
        var url = TikTokAuthService.BuildAuthorizeUrl(Valid(), "st/ate 1");

        Assert.That(url.AbsoluteUri, Is.EqualTo("https://services.tiktokshop.com/open/authorize?service_id=7001&state=st%2Fate%201"));
    }

    [Test]
    public void Legacy_authorize_url_carries_the_app_key_and_state()
    {
        var options = Valid();
        options.AuthorizeUrlForm = TikTokAuthorizeUrlForm.Legacy;

        var url = TikTokAuthService.BuildAuthorizeUrl(options, "abc");

        Assert.That(url.ToString(), Is.EqualTo("https://auth.tiktok-shops.com/oauth/authorize?app_key=key&state=abc"));
    }

    [Test]
    public void Authorize_base_urls_are_configurable()
    {
        var options = Valid();
        options.AuthorizeUrlCurrent = new Uri("http://127.0.0.1:7072/open/authorize");

        var url = TikTokAuthService.BuildAuthorizeUrl(options, "s");

        Assert.That(url.ToString(), Does.StartWith("http://127.0.0.1:7072/open/authorize?service_id=7001"));
    }

    [Test]
    public void Defaults_with_credentials_are_valid()
    {
        var result = new TikTokOptionsValidator().Validate(null, Valid());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Missing_credentials_and_out_of_range_figures_are_reported()
    {
        var options = new TikTokOptions { PageSize = TikTokOptions.MaxPageSize + 1, RequestsPerSecondPerApi = 0 };

        var result = new TikTokOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Some.Contains("AppKey").And.Some.Contains("AppSecret").And.Some.Contains("ServiceId")
            .And.Some.Contains("PageSize").And.Some.Contains("RequestsPerSecondPerApi"));
    }

    [Test]
    public void Token_types_never_print_their_secrets()
    {
        var token = new TikTokAccessToken("ROW_secret_access", DateTimeOffset.UnixEpoch);
        var authorization = new TikTokAuthorization { AccessToken = token, RefreshToken = "ROW_secret_refresh", RefreshTokenExpiresAt = DateTimeOffset.UnixEpoch };

        Assert.That(token.ToString(), Does.Not.Contain("ROW_secret"));
        Assert.That(authorization.ToString(), Does.Not.Contain("ROW_secret"));
    }
}
