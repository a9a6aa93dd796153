using System.Net;
using System.Text.Json;
using Connector.Functions.Health;
using Connector.Testing;

namespace Connector.EndToEndTests.Health;

/// <summary>The connector's own function classes, served by the local host with AddConnector, as in Azure.</summary>
public sealed class HealthEndpointTests
{
    [Test]
    public async Task Health_answers_200_anonymously_with_storage_key_vault_and_TikTok_up()
    {
        await using var host = await RunningHost.StartAsync(
            typeof(HealthFunction).Assembly, (services, configuration) => services.AddConnector(configuration), SimulatorApp.Create().Settings);

        using var response = await host.Http.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        var dependencies = body.RootElement.GetProperty("dependencies");
        foreach (var name in new[] { "tables", "queues", "keyVault", "tiktok" })
        {
            Assert.That(dependencies.GetProperty(name).GetProperty("status").GetString(), Is.EqualTo("Up"), name);
            Assert.That(dependencies.GetProperty(name).GetProperty("latencyMs").GetInt64(), Is.GreaterThanOrEqualTo(0), name);
        }
    }
}
