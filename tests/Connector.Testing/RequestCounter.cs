using System.Collections.Concurrent;
using System.Diagnostics;

namespace Connector.Testing;

/// <summary>
/// Counts this process's outgoing HTTP requests by what they went to, from the runtime's own HttpClient activity
/// (ActivitySource <c>System.Net.Http</c>): every Azure SDK call (tables, queues, Key Vault) and every TikTok call goes
/// through it, so nothing in the connector has to be changed or wrapped to be counted.
/// </summary>
public sealed class RequestCounter : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentDictionary<string, StrongBox> counts = new(StringComparer.Ordinal);
    private readonly Func<Uri, string, string?> classify;

    /// <param name="classify">The counter name for a request (URI, method), or null to ignore it.</param>
    public RequestCounter(Func<Uri, string, string?> classify)
    {
        this.classify = classify;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public long this[string name] => counts.TryGetValue(name, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public IReadOnlyDictionary<string, long> Snapshot() => counts.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal);

    /// <summary>What was counted since <paramref name="before"/>.</summary>
    public IReadOnlyDictionary<string, long> Since(IReadOnlyDictionary<string, long> before) =>
        Snapshot().ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key), StringComparer.Ordinal);

    public void Dispose() => listener.Dispose();

    private void OnStopped(Activity activity)
    {
        if (activity.GetTagItem("url.full") is not string url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }

        var method = activity.GetTagItem("http.request.method") as string ?? "GET";
        if (classify(uri, method) is { } name)
        {
            Interlocked.Increment(ref counts.GetOrAdd(name, _ => new StrongBox()).Value);
        }
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}
