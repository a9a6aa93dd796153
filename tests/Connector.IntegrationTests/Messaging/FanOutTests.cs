using System.Runtime.CompilerServices;
using System.Text.Json;
using Connector.Messaging;
using Connector.Testing;

namespace Connector.IntegrationTests.Messaging;

/// <summary>The one fan-out of every timer (<see cref="MessageQueue.FanOutAsync"/>), against Azurite's queue service.</summary>
public sealed class FanOutTests
{
    private sealed record Ping(string ShopId);

    [Test]
    public async Task Every_item_of_several_pages_becomes_exactly_one_message()
    {
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var queueName = TestEnvironment.UniquePrefix() + "-fan-out";
        var count = (MessageQueue.ReadAhead * 2) + 345; // more than the read-ahead holds: reading and sending overlap

        var sent = await new MessageQueue(storage).FanOutAsync(queueName, PagesAsync(count, failAfter: null), id => new Ping(id), CancellationToken.None);

        Assert.That(sent, Is.EqualTo(count));
        var queue = storage.Queue(queueName);
        var received = new List<string>();
        // Hidden long enough that none comes back while the rest is read, however slow the machine.
        while ((await queue.ReceiveMessagesAsync(32, visibilityTimeout: TimeSpan.FromMinutes(10))).Value is { Length: > 0 } batch)
        {
            received.AddRange(batch.Select(m => JsonSerializer.Deserialize<Ping>(m.Body.ToString(), JsonSerializerOptions.Web)!.ShopId));
        }

        Assert.That(received, Has.Count.EqualTo(count));
        Assert.That(received.Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(count), "no shop twice");
    }

    [Test]
    public async Task A_failing_read_ends_the_fan_out_with_its_error_instead_of_hanging()
    {
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var queueName = TestEnvironment.UniquePrefix() + "-fan-out";

        var fanOut = new MessageQueue(storage).FanOutAsync(queueName, PagesAsync(MessageQueue.ReadAhead * 3, failAfter: MessageQueue.ReadAhead + 10), id => new Ping(id), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await fanOut.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.That(error!.Message, Does.Contain("page"));
    }

    /// <summary>Shop ids a page of 500 at a time, each page after a short wait (a table read).</summary>
    private static async IAsyncEnumerable<string> PagesAsync(int count, int? failAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 500 == 0)
            {
                await Task.Delay(20, cancellationToken);
            }

            if (i == failAfter)
            {
                throw new InvalidOperationException("the next page could not be read");
            }

            yield return "shop-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
