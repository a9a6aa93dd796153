using System.Collections.Concurrent;

namespace Connector.LocalHost;

/// <summary>
/// Wakes a waiting queue listener when this host itself puts a message on its queue (a queue output binding or a
/// move to a poison queue), as the Functions host's shared queue watcher does; messages sent by anyone else are
/// found by polling.
/// </summary>
public sealed class QueueWatcher
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<Action>> listeners = new(StringComparer.Ordinal);

    public void Register(string queueName, Action wake) => listeners.GetOrAdd(queueName, _ => []).Add(wake);

    public void Notify(string queueName)
    {
        if (listeners.TryGetValue(queueName, out var wakes))
        {
            foreach (var wake in wakes)
            {
                wake();
            }
        }
    }
}
