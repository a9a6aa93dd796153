using System.Text.Json;
using Connector.Storage;

namespace Connector.Messaging;

/// <summary>
/// Puts typed messages on the connector's Storage queues as JSON (Base64 on the wire, as the Functions host expects),
/// one at a time or fanned out in parallel.
/// </summary>
public sealed class MessageQueue(StorageClients storage)
{
    public const int DefaultParallelism = 64;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SendAsync<T>(string queueName, T message, CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        var queue = await storage.QueueAsync(queueName, cancellationToken);
        await queue.SendMessageAsync(BinaryData.FromObjectAsJson(message, Json), visibilityTimeout: delay, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// One message per item, sent <paramref name="parallelism"/> at a time while the next page of items is read.
    /// Answers how many were sent.
    /// </summary>
    public async Task<int> FanOutAsync<TItem, TMessage>(
        string queueName,
        IAsyncEnumerable<TItem> items,
        Func<TItem, TMessage> toMessage,
        CancellationToken cancellationToken,
        int parallelism = DefaultParallelism)
    {
        var queue = await storage.QueueAsync(queueName, cancellationToken);
        var sent = 0;
        await Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                await queue.SendMessageAsync(BinaryData.FromObjectAsJson(toMessage(item), Json), cancellationToken: ct);
                Interlocked.Increment(ref sent);
            });
        return sent;
    }
}
