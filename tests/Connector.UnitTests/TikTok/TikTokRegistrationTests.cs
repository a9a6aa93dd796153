using Connector.TikTok;
using Connector.TikTok.Api;
using Connector.TikTok.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace Connector.UnitTests.TikTok;

public sealed class TikTokRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikTokShop(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(Mock.Of<ITikTokTokenProvider>());
        return services.BuildServiceProvider();
    }

    [Test]
    public void Configured_client_and_auth_service_resolve()
    {
        using var provider = Build(new() { ["TikTok:AppKey"] = "k", ["TikTok:AppSecret"] = "s", ["TikTok:ServiceId"] = "1" });

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.That(provider.GetRequiredService<ITikTokShopClient>(), Is.InstanceOf<TikTokShopClient>());
        Assert.That(provider.GetRequiredService<TikTokAuthService>(), Is.Not.Null);
        Assert.That(provider.GetRequiredService<IOptions<TikTokOptions>>().Value.OpenApiBaseUrl, Is.EqualTo(new Uri("https://open-api.tiktokglobalshop.com")));
    }

    [Test]
    public void Invalid_settings_fail_at_start()
    {
        using var provider = Build(new() { ["TikTok:AppKey"] = "k", ["TikTok:PageSize"] = "500" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate())!;

        Assert.That(error.Message, Does.Contain("AppSecret").And.Contain("PageSize"));
        Assert.That(error.Message, Does.Not.Contain("500"), "no setting values in messages");
    }
}
