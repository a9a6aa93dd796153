using System.Text.Json;
using System.Threading.Channels;
using Connector.Storage;

namespace Connector.Messaging;

/// <summary>
/// Puts typed messages on the connector's Storage queues as JSON (Base64 on the wire, as the Functions host expects),
/// one at a time or fanned out in parallel.
/// </summary>
public sealed class MessageQueue(StorageClients storage)
{
    public const int DefaultParallelism = 64;

    /// <summary>How many messages the fan-out reads ahead of its sends: one page of the shop status index.</summary>
    public const int ReadAhead = 1000;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SendAsync<T>(string queueName, T message, CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        var queue = await storage.QueueAsync(queueName, cancellationToken);
        await queue.SendMessageAsync(BinaryData.FromObjectAsJson(message, Json), visibilityTimeout: delay, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// One message per item, sent <paramref name="parallelism"/> at a time. The items are read ahead (up to
    /// <see cref="ReadAhead"/> messages, one page of the shop index) by one reader while the sends run, so loading
    /// the next page never leaves the sends idle: the fan-out runs at the queue's own pace. Answers how many were
    /// sent. On a failed send or read the rest is cancelled and the error thrown; the timer's next run sends again
    /// (the workers are idempotent and skip a shop whose previous run still holds its lease).
    /// </summary>
    public async Task<int> FanOutAsync<TItem, TMessage>(
        string queueName,
        IAsyncEnumerable<TItem> items,
        Func<TItem, TMessage> toMessage,
        CancellationToken cancellationToken,
        int parallelism = DefaultParallelism)
    {
        var queue = await storage.QueueAsync(queueName, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = Channel.CreateBounded<BinaryData>(new BoundedChannelOptions(ReadAhead) { SingleWriter = true, SingleReader = false });
        var reading = Task.Run(() => ReadAheadAsync(items, toMessage, pending.Writer, stop.Token), CancellationToken.None);
        var sent = 0;
        try
        {
            await Parallel.ForEachAsync(
                pending.Reader.ReadAllAsync(stop.Token),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = stop.Token },
                async (body, ct) =>
                {
                    await queue.SendMessageAsync(body, cancellationToken: ct);
                    Interlocked.Increment(ref sent);
                });
        }
        catch
        {
            await stop.CancelAsync();
            await reading.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }

        await reading;
        return sent;
    }

    private static async Task ReadAheadAsync<TItem, TMessage>(IAsyncEnumerable<TItem> items, Func<TItem, TMessage> toMessage, ChannelWriter<BinaryData> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                await writer.WriteAsync(BinaryData.FromObjectAsJson(toMessage(item), Json), cancellationToken);
            }

            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
            throw;
        }
    }
}
