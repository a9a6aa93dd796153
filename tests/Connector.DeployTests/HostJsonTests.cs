using System.Text.Json.Nodes;

namespace Connector.DeployTests;

/// <summary>host.json keeps the promises of docs/deploy.md (and the local host still reads it).</summary>
public sealed class HostJsonTests
{
    private static readonly JsonNode HostJson = JsonNode.Parse(Repository.Read("host.json"))!;

    [Test]
    public void Queue_messages_get_five_attempts_with_a_delay_then_the_poison_queue()
    {
        var queues = HostJson["extensions"]?["queues"];

        Assert.That((int?)queues?["maxDequeueCount"], Is.EqualTo(5));
        Assert.That(TimeSpan.Parse((string)queues!["visibilityTimeout"]!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(TimeSpan.Zero));
        Assert.That((int?)queues["batchSize"], Is.InRange(1, 32));
        Assert.That((string?)queues["messageEncoding"], Is.EqualTo("base64"));
    }

    [Test]
    public void Sampling_keeps_every_request_and_exception()
    {
        var sampling = HostJson["logging"]?["applicationInsights"]?["samplingSettings"];
        var excluded = ((string?)sampling?["excludedTypes"] ?? "").Split(';', StringSplitOptions.TrimEntries);

        Assert.That(excluded, Is.SupersetOf(new[] { "Request", "Exception" }));
    }

    [Test]
    public void Function_timeout_is_bounded_and_routes_live_under_api()
    {
        Assert.That(TimeSpan.Parse((string)HostJson["functionTimeout"]!, System.Globalization.CultureInfo.InvariantCulture),
            Is.InRange(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30)));
        Assert.That((string?)HostJson["extensions"]?["http"]?["routePrefix"], Is.EqualTo("api"));
        Assert.That((string?)HostJson["version"], Is.EqualTo("2.0"));
    }
}
