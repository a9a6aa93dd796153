using Azure.Storage.Queues;
using Connector.Storage;
using Connector.Testing;
using FixtureFunctions;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.LocalHost;

public sealed class GracefulShutdownTests
{
    [Test]
    public async Task Stopping_the_host_lets_an_in_flight_message_finish_and_removes_it()
    {
        var host = await LocalHostTests.StartFixtureHostAsync(tickSchedule: TestEnvironment.NeverDuringATest);
        var recorder = host.Services.GetRequiredService<FixtureRecorder>();
        var queue = new QueueServiceClient(TestEnvironment.Current.Azurite.ConnectionString, StorageClients.CreateQueueClientOptions()).GetQueueClient($"{host.Prefix}-slow");
        await Eventually.HoldsAsync(async () => (await queue.ExistsAsync()).Value, "the host to create its queue");
        await queue.SendMessageAsync("slow-1");
        await recorder.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await host.DisposeAsync();

        Assert.That(recorder.SlowCompleted, Does.Contain("slow-1"));
        var left = await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromSeconds(1));
        Assert.That(left.Value, Is.Empty, "the finished message was deleted, not left for a second run");
    }
}
