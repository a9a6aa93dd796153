using System.Globalization;
using System.Runtime.InteropServices;

namespace Connector.Bench;

/// <summary>What the figures were measured on: they mean little without it.</summary>
public sealed record Machine(string Date, string Cpu, int LogicalCores, string Memory, string Os, string Runtime, string LoadAverageAtStart, string? Commit)
{
    public string? LoadAverageAtEnd { get; set; }

    public static Machine Describe() => new(
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        ReadFirst("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var k)
            ? (k / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
            : "unknown",
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverage(),
        Environment.GetEnvironmentVariable("BENCH_COMMIT"));

    /// <summary>1, 5 and 15 minute load averages (other work on the machine shows here).</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ReadFirst(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault();
    }
}
