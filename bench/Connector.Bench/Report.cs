using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Connector.Bench;

/// <summary>Writes the run to bench/results/latest.json and as a table between the README's bench markers.</summary>
public static class Report
{
    public const string Start = "<!-- bench:start -->";
    public const string End = "<!-- bench:end -->";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteJsonAsync(string path, Machine machine, TimeSpan duration, IReadOnlyList<Figure> figures)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { machine, durationSeconds = Math.Round(duration.TotalSeconds, 1), figures }, Json) + "\n");
    }

    public static string Markdown(Machine machine, TimeSpan duration, IReadOnlyList<Figure> figures)
    {
        var text = new StringBuilder();
        text.AppendLine($"Measured {machine.Date} on {machine.LogicalCores} cores ({machine.Cpu}), {machine.Memory}, {machine.Runtime}; "
            + $"load average {machine.LoadAverageAtStart} at the start, {machine.LoadAverageAtEnd} at the end (the machine was shared: figures are noisy); "
            + $"suite {duration.TotalSeconds:0} s{(machine.Commit is null ? "" : ", commit " + machine.Commit)}. Raw numbers: [bench/results/latest.json](bench/results/latest.json).");
        text.AppendLine();
        text.AppendLine("| figure | connector | comparison (same run) | ratio |");
        text.AppendLine("|---|---|---|---|");
        foreach (var figure in figures)
        {
            var title = figure.Notes.Length > 0 ? $"{figure.Title} <br><sub>{figure.Notes}</sub>" : figure.Title;
            text.AppendLine($"| {Cell(title)} | {Cell(figure.Connector)} | {Cell(figure.Comparison)} | {Cell(figure.Ratio)} |");
        }

        return text.ToString();
    }

    /// <summary>Replaces what is between the markers; the rest of the README is left as it is.</summary>
    public static async Task WriteReadmeAsync(string path, string markdown)
    {
        var readme = await File.ReadAllTextAsync(path);
        var start = readme.IndexOf(Start, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{path} has no {Start} ... {End} markers");
        }

        var updated = readme[..(start + Start.Length)] + "\n" + markdown + readme[end..];
        await File.WriteAllTextAsync(path, updated);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
