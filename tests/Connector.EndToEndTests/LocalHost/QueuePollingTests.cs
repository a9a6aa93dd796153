using Connector.LocalHost;

namespace Connector.EndToEndTests.LocalHost;

/// <summary>The local host's queue listener waits between polls as the Functions host does, within host.json's bounds.</summary>
public sealed class QueuePollingTests
{
    [Test]
    public void An_idle_queue_is_polled_after_100_ms_then_roughly_doubling_waits_up_to_maxPollingInterval()
    {
        var backoff = new PollingBackoff(TimeSpan.FromMilliseconds(500), new Random(1));

        var waits = Enumerable.Range(0, 8).Select(_ => backoff.Next(foundMessages: false).TotalMilliseconds).ToList();

        Assert.That(waits[0], Is.EqualTo(100));
        Assert.That(waits[1], Is.InRange(180, 220), "100 ms + 100 ms ± 20%");
        Assert.That(waits[2], Is.InRange(260, 340), "100 ms + 200 ms ± 20%");
        Assert.That(waits[3], Is.InRange(420, 500), "100 ms + 400 ms ± 20%, capped");
        Assert.That(waits.Skip(4), Is.All.EqualTo(500), "capped at maxPollingInterval and kept there");
    }

    [Test]
    public void A_poll_that_found_messages_brings_the_wait_back_to_100_ms()
    {
        var backoff = new PollingBackoff(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 10; i++)
        {
            backoff.Next(foundMessages: false);
        }

        Assert.That(backoff.Next(foundMessages: false), Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(backoff.Next(foundMessages: true), Is.EqualTo(TimeSpan.FromMilliseconds(100)));
        Assert.That(backoff.Next(foundMessages: false), Is.GreaterThan(TimeSpan.FromMilliseconds(100)).And.LessThan(TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public void A_maxPollingInterval_below_the_hosts_minimum_of_100_ms_is_refused_as_the_host_refuses_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "host-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{ "version": "2.0", "extensions": { "queues": { "maxPollingInterval": "00:00:00.050" } } }""");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => HostJson.Load(path));
            Assert.That(error!.Message, Does.Contain("maxPollingInterval"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_repository_host_json_polls_an_idle_queue_at_least_every_half_second()
    {
        var hostJson = HostJson.Load(Path.Combine(Connector.Testing.TestEnvironment.RepositoryRoot, "host.json"));

        Assert.That(hostJson.Queues.MaxPollingInterval, Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(500)), "webhook to stored order under 1 s needs a short idle poll");
        Assert.That(hostJson.Queues.MaxPollingInterval, Is.GreaterThanOrEqualTo(PollingBackoff.Minimum));
    }
}
