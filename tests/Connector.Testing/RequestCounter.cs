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
    /// <summary>Counter names of <see cref="StorageInThisFlow"/>: table transactions (<c>$batch</c>) and every other Azurite request.</summary>
    public const string Transactions = "storage.transactions";

    public const string OtherStorage = "storage.other";

    private static readonly ActivitySource FlowSource = new("Connector.Testing.RequestCounter");

    private readonly ActivityListener listener;
    private readonly ConcurrentDictionary<string, StrongBox> counts = new(StringComparer.Ordinal);
    private readonly Func<Uri, string, string?> classify;
    private readonly Activity? flow;
    private readonly Activity? previous;

    /// <param name="classify">The counter name for a request (URI, method), or null to ignore it.</param>
    public RequestCounter(Func<Uri, string, string?> classify)
        : this(classify, inThisFlow: false)
    {
    }

    private RequestCounter(Func<Uri, string, string?> classify, bool inThisFlow)
    {
        // The flow's source exists before the listener looks at the sources (else the first counter could miss it).
        _ = FlowSource.Name;
        this.classify = classify;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http" || source == FlowSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(listener);
        if (inThisFlow)
        {
            // A root activity of its own: only requests made below it (this async flow and what it starts) are counted.
            previous = Activity.Current;
            Activity.Current = null;
            flow = FlowSource.StartActivity("count requests") ?? throw new InvalidOperationException("the counting activity was not sampled");
        }
    }

    /// <summary>
    /// Counts only the requests made in the calling async flow until disposed, so tests running in parallel against the
    /// same Azurite do not count each other's (table transactions name no table in their URL).
    /// </summary>
    public static RequestCounter InThisFlow(Func<Uri, string, string?> classify) => new(classify, inThisFlow: true);

    /// <summary>Azurite requests (tables, queues, blobs) made in the calling async flow: <see cref="Transactions"/> and <see cref="OtherStorage"/>.</summary>
    public static RequestCounter StorageInThisFlow() => InThisFlow((uri, _) =>
        !uri.AbsolutePath.StartsWith("/devstoreaccount1", StringComparison.Ordinal) ? null
        : uri.AbsolutePath.EndsWith("$batch", StringComparison.Ordinal) ? Transactions : OtherStorage);

    public long this[string name] => counts.TryGetValue(name, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public IReadOnlyDictionary<string, long> Snapshot() => counts.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal);

    /// <summary>What was counted since <paramref name="before"/>.</summary>
    public IReadOnlyDictionary<string, long> Since(IReadOnlyDictionary<string, long> before) =>
        Snapshot().ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key), StringComparer.Ordinal);

    public void Dispose()
    {
        if (flow is not null)
        {
            flow.Dispose();
            Activity.Current = previous;
        }

        listener.Dispose();
    }

    private void OnStopped(Activity activity)
    {
        if (activity.Source.Name != "System.Net.Http" || activity.GetTagItem("url.full") is not string url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }

        if (flow is not null && !Below(activity, flow))
        {
            return;
        }

        var method = activity.GetTagItem("http.request.method") as string ?? "GET";
        if (classify(uri, method) is { } name)
        {
            Interlocked.Increment(ref counts.GetOrAdd(name, _ => new StrongBox()).Value);
        }
    }

    private static bool Below(Activity activity, Activity root)
    {
        for (var a = activity.Parent; a is not null; a = a.Parent)
        {
            if (ReferenceEquals(a, root))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}
