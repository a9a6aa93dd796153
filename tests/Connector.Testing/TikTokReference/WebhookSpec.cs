using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connector.Testing.TikTokReference;

/// <summary>
/// One webhook type as TikTok documents it (<c>webhooks/&lt;area&gt;/&lt;type&gt;-&lt;name&gt;.json</c>): the title, the
/// markdown page, the "Data business parameters" table and the event example(s), e.g.
/// <c>{"type":1,"tts_notification_id":"...","shop_id":"...","timestamp":1644412885,"data":{...}}</c>.
/// </summary>
public sealed partial class WebhookSpec
{
    private WebhookSpec(string file, int type, string title, string content)
    {
        File = file;
        Type = type;
        Title = title;
        Content = content;
    }

    public string File { get; }

    public int Type { get; }

    public string Title { get; }

    /// <summary>The page's markdown.</summary>
    public string Content { get; }

    /// <summary>Every JSON event example on the page (most pages have one).</summary>
    public IReadOnlyList<JsonNode> Examples => Markdown.JsonBlocks(Content);

    /// <summary>The page's first event example (the whole notification, <c>data</c> included).</summary>
    public JsonNode Example => Examples.FirstOrDefault() ?? throw new InvalidDataException($"{File} has no JSON event example.");

    /// <summary>The example as the exact text TikTok would POST (compact, as documented).</summary>
    public string ExampleBody => Example.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>
    /// The rows of the "Data business parameters" table: name (nested rows keep their "└ " prefix stripped and get
    /// the parent's name as prefix: <c>package_list.package_id</c>), sample and description.
    /// </summary>
    public IReadOnlyList<(string Name, string Sample, string Description)> DataParameters
    {
        get
        {
            var rows = new List<(string, string, string)>();
            string? lastTop = null;
            foreach (Match m in TableRow().Matches(Content))
            {
                var name = m.Groups[1].Value.Trim();
                if (name.StartsWith("**", StringComparison.Ordinal) || name.StartsWith("---", StringComparison.Ordinal))
                {
                    continue;
                }

                if (name.StartsWith('└'))
                {
                    name = (lastTop is null ? "" : lastTop + ".") + name.TrimStart('└', ' ');
                }
                else
                {
                    lastTop = name;
                }

                rows.Add((name, m.Groups[2].Value.Trim(), m.Groups[3].Value.Trim()));
            }

            return rows;
        }
    }

    public override string ToString() => $"webhook type {Type} ({Title})";

    internal static WebhookSpec Load(string file, int type)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(file));
        var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
        var content = doc.RootElement.TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";
        return new WebhookSpec(file, type, title, content);
    }

    [GeneratedRegex(@"(?m)^\|\s*([^|\n]+?)\s*\|\s*([^|\n]*?)\s*\|\s*([^\n]*?)\s*\|\s*$")]
    private static partial Regex TableRow();
}
