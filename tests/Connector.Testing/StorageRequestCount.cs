using System.Collections.Concurrent;
using System.Diagnostics;

namespace Connector.Testing;

/// <summary>
/// Counts the storage requests (System.Net.Http activities to Azurite's <c>devstoreaccount1</c>: tables, queues, blobs)
/// made inside one scope, by the activity they descend from, so tests running in parallel do not count each other's
/// requests. Table transactions (<c>$batch</c>) are counted apart from the other storage requests.
/// </summary>
public sealed class StorageRequestCount : IDisposable
{
    private static readonly ActivitySource Source = new("Connector.Testing.StorageRequestCount");
    private static readonly ConcurrentDictionary<string, StorageRequestCount> Open = new(StringComparer.Ordinal);
    private static readonly ActivityListener Listener = CreateListener();

    private readonly Activity activity;
    private readonly Activity? previous;
    private long transactions;
    private long other;

    private StorageRequestCount()
    {
        _ = Listener;
        previous = Activity.Current;
        Activity.Current = null; // a root of its own: only what runs inside is counted
        activity = Source.StartActivity("count", ActivityKind.Internal) ?? throw new InvalidOperationException("the counting activity was not sampled");
        Open[activity.Id!] = this;
    }

    /// <summary>Counts from now until disposed, in this async flow and what it starts.</summary>
    public static StorageRequestCount Start() => new();

    public long Transactions => Interlocked.Read(ref transactions);

    /// <summary>Every request but table transactions (point reads, queries, single writes, queue and blob calls).</summary>
    public long Other => Interlocked.Read(ref other);

    public long Total => Transactions + Other;

    public void Dispose()
    {
        Open.TryRemove(activity.Id!, out _);
        activity.Dispose();
        Activity.Current = previous;
    }

    private static ActivityListener CreateListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "System.Net.Http" || s == Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static void Stopped(Activity stopped)
    {
        if (stopped.Source.Name != "System.Net.Http")
        {
            return;
        }

        for (var a = stopped.Parent; a is not null; a = a.Parent)
        {
            if (a.Source == Source && a.Id is { } id && Open.TryGetValue(id, out var count))
            {
                var url = stopped.GetTagItem("url.full") as string ?? string.Empty;
                if (!url.Contains("/devstoreaccount1", StringComparison.Ordinal))
                {
                    return;
                }

                if (url.Contains("$batch", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref count.transactions);
                }
                else
                {
                    Interlocked.Increment(ref count.other);
                }

                return;
            }
        }
    }
}
