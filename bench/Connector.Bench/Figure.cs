using System.Globalization;

namespace Connector.Bench;

/// <summary>One measured figure beside its comparison, as written to latest.json and the README table.</summary>
public sealed record Figure
{
    public required string Id { get; init; }

    /// <summary>What is measured, in words.</summary>
    public required string Title { get; init; }

    /// <summary>The connector's figure, formatted (e.g. "412 ms").</summary>
    public required string Connector { get; init; }

    /// <summary>The comparison measured in the same run, formatted; empty when there is none.</summary>
    public string Comparison { get; init; } = "";

    /// <summary>How the two compare (e.g. "9.8x faster").</summary>
    public string Ratio { get; init; } = "";

    public string Notes { get; init; } = "";

    /// <summary>The raw numbers behind the row.</summary>
    public Dictionary<string, object?> Data { get; init; } = [];

    public static string Ms(double ms) => ms >= 10_000 ? (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s" : ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static string N(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Times(double ratio, string better = "faster") => ratio.ToString(ratio >= 10 ? "0" : "0.0", CultureInfo.InvariantCulture) + "x " + better;

    public static Figure NotMeasured(string id, string title, string why) => new() { Id = id, Title = title, Connector = "not measured", Notes = why };
}
