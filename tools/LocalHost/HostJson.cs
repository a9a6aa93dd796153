using System.Globalization;
using System.Text.Json;

namespace Connector.LocalHost;

/// <summary>The parts of host.json the local host honours, with the Functions host's defaults.</summary>
public sealed record QueuesOptions
{
    public int BatchSize { get; init; } = 16;

    public int? NewBatchThresholdSetting { get; init; }

    /// <summary>The host's default: half the batch size per processor.</summary>
    public int NewBatchThreshold => NewBatchThresholdSetting ?? BatchSize / 2 * Environment.ProcessorCount;

    /// <summary>How long a failed message stays invisible before its next try.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>"base64" (the host's default) or "none".</summary>
    public string MessageEncoding { get; init; } = "base64";
}

public sealed record HostJson
{
    public QueuesOptions Queues { get; init; } = new();

    public string RoutePrefix { get; init; } = "api";

    public static HostJson Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return new HostJson();
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var result = new HostJson();
        if (!document.RootElement.TryGetProperty("extensions", out var extensions))
        {
            return result;
        }

        if (extensions.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var prefix))
        {
            result = result with { RoutePrefix = prefix.GetString() ?? string.Empty };
        }

        if (extensions.TryGetProperty("queues", out var q))
        {
            var defaults = new QueuesOptions();
            result = result with
            {
                Queues = new QueuesOptions
                {
                    BatchSize = Int(q, "batchSize") ?? defaults.BatchSize,
                    NewBatchThresholdSetting = Int(q, "newBatchThreshold"),
                    VisibilityTimeout = Span(q, "visibilityTimeout") ?? defaults.VisibilityTimeout,
                    MaxPollingInterval = Span(q, "maxPollingInterval") is { } max && max < PollingBackoff.Minimum
                        ? throw new InvalidOperationException($"host.json: extensions.queues.maxPollingInterval {max} is below the Functions host's minimum of {PollingBackoff.Minimum} (the host refuses to start).")
                        : Span(q, "maxPollingInterval") ?? defaults.MaxPollingInterval,
                    MaxDequeueCount = Int(q, "maxDequeueCount") ?? defaults.MaxDequeueCount,
                    MessageEncoding = q.TryGetProperty("messageEncoding", out var e) ? e.GetString() ?? defaults.MessageEncoding : defaults.MessageEncoding,
                },
            };
        }

        return result;
    }

    private static int? Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt32() : null;

    private static TimeSpan? Span(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? TimeSpan.Parse(v.GetString()!, CultureInfo.InvariantCulture) : null;
}
