using Connector.Health;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.IntegrationTests.Health;

public sealed class HealthCheckTests
{
    private static ServiceProvider Services(IDictionary<string, string?>? overrides = null)
    {
        var settings = SimulatorApp.Create().Settings;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = TestEnvironment.Current.CreateConfiguration(TestEnvironment.UniquePrefix(), settings);
        return new ServiceCollection().AddLogging().AddConnector(configuration).BuildServiceProvider();
    }

    [Test]
    public async Task Health_is_200_with_each_dependency_up_and_its_latency()
    {
        await using var services = Services();

        var result = await services.GetRequiredService<HealthCheckHandler>().HandleAsync(new HealthRequest(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(200));
        var report = result.Value!;
        Assert.That(report.Dependencies.Keys, Is.SupersetOf(new[] { "tables", "queues", "keyVault", "tiktok" }));
        Assert.That(report.Dependencies.Values.Select(d => d.Status), Is.All.EqualTo("Up"));
        Assert.That(report.Dependencies.Values.Select(d => d.LatencyMs), Is.All.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task Health_is_503_naming_the_dependency_that_is_down()
    {
        var closedPort = Azurite.FreePort();
        await using var services = Services(new Dictionary<string, string?> { ["KeyVault:Uri"] = $"https://127.0.0.1:{closedPort}/" });

        var result = await services.GetRequiredService<HealthCheckHandler>().HandleAsync(new HealthRequest(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(503));
        var report = result.Value!;
        Assert.That(report.Dependencies["keyVault"].Status, Is.EqualTo("Down"));
        Assert.That(report.Dependencies["tables"].Status, Is.EqualTo("Up"));
    }

    [Test]
    public async Task Health_is_503_when_TikTok_does_not_answer()
    {
        await using var services = Services(new Dictionary<string, string?> { ["TikTok:OpenApiBaseUrl"] = $"http://127.0.0.1:{Azurite.FreePort()}/" });

        var result = await services.GetRequiredService<HealthCheckHandler>().HandleAsync(new HealthRequest(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(503));
        Assert.That((result.Value!).Dependencies["tiktok"].Status, Is.EqualTo("Down"));
    }
}
