using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connector.Testing.TikTokReference;

/// <summary>
/// TikTok Shop's own published API reference (<c>../shared/tiktok-reference</c> from the repository root, in CI too),
/// read as the contract the client and the simulator are tested against. One instance per process (<see cref="Default"/>);
/// files are read lazily and cached.
/// <list type="bullet">
/// <item><see cref="Endpoint(HttpMethod, string)"/>: one endpoint's spec (<c>api-reference/&lt;area&gt;/*.spec.json</c>) by method and path.</item>
/// <item><see cref="Webhook(int)"/>: one webhook type's documented payload (<c>webhooks/&lt;area&gt;/&lt;type&gt;-*.json</c>).</item>
/// <item><see cref="Guide(string)"/>: a developer guide page (<c>developer-guide/...</c>), e.g. the signing guide.</item>
/// </list>
/// Checks against a spec: <see cref="ReferenceConformance"/>.
/// </summary>
public sealed partial class TikTokReference
{
    /// <summary>Environment variable that overrides where the reference is (a folder holding README.md and api-reference/).</summary>
    public const string DirectoryVariable = "TIKTOK_REFERENCE_DIR";

    private static readonly Lazy<TikTokReference> LazyDefault = new(() => new TikTokReference(LocateRoot()));

    private readonly Lazy<IReadOnlyList<EndpointSpec>> endpoints;
    private readonly Lazy<IReadOnlyList<WebhookSpec>> webhooks;
    private readonly ConcurrentDictionary<string, GuidePage> guides = new(StringComparer.Ordinal);

    public TikTokReference(string root)
    {
        if (!Directory.Exists(Path.Combine(root, "api-reference")))
        {
            throw new DirectoryNotFoundException($"TikTok's reference is not at {root} (expected api-reference/ there).");
        }

        Root = root;
        endpoints = new(LoadEndpoints);
        webhooks = new(LoadWebhooks);
    }

    /// <summary>The reference at <c>../shared/tiktok-reference</c> from the repository root (or <see cref="DirectoryVariable"/>).</summary>
    public static TikTokReference Default => LazyDefault.Value;

    public string Root { get; }

    /// <summary>Every endpoint spec in the reference.</summary>
    public IReadOnlyList<EndpointSpec> Endpoints => endpoints.Value;

    /// <summary>Every webhook type documented with an event example.</summary>
    public IReadOnlyList<WebhookSpec> Webhooks => webhooks.Value;

    /// <summary>
    /// The endpoint with this method and path. <paramref name="path"/> may be concrete
    /// (<c>/fulfillment/202309/packages/123/shipping_info/update</c>) or a template (<c>.../{package_id}/...</c>);
    /// a query string is ignored. Throws when the reference does not document it.
    /// </summary>
    public EndpointSpec Endpoint(HttpMethod method, string path) =>
        TryEndpoint(method, path) ?? throw new KeyNotFoundException(
            $"TikTok's reference documents no {method} {StripQuery(path)}." + DescribeNearest(StripQuery(path)));

    public EndpointSpec? TryEndpoint(HttpMethod method, string path)
    {
        var p = StripQuery(path);
        return Endpoints.FirstOrDefault(e => e.Method == method && e.Matches(p));
    }

    /// <summary>Endpoints documented at this path with any method (to tell "wrong method" from "unknown path").</summary>
    public IReadOnlyList<EndpointSpec> EndpointsAt(string path)
    {
        var p = StripQuery(path);
        return Endpoints.Where(e => e.Matches(p)).ToList();
    }

    /// <summary>The spec in <c>api-reference/&lt;relativePath&gt;</c>, e.g. <c>orders/get-order-detail.spec.json</c>.</summary>
    public EndpointSpec EndpointFile(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, "api-reference", relativePath));
        return Endpoints.FirstOrDefault(e => string.Equals(Path.GetFullPath(e.File), full, StringComparison.Ordinal))
            ?? throw new KeyNotFoundException($"No spec file api-reference/{relativePath}.");
    }

    /// <summary>The documented payload of one webhook type (1 order status, 6 deauthorization, 11 cancellation, ...).</summary>
    public WebhookSpec Webhook(int type) =>
        Webhooks.FirstOrDefault(w => w.Type == type) ?? throw new KeyNotFoundException($"TikTok's reference documents no webhook type {type}.");

    /// <summary>A developer guide page by its path under <c>developer-guide/</c>, without ".json"
    /// (e.g. <c>tiktok-shop-api-concepts/sign-your-api-request</c>).</summary>
    public GuidePage Guide(string relativePath) => guides.GetOrAdd(relativePath, p =>
    {
        var file = Path.Combine(Root, "developer-guide", p.EndsWith(".json", StringComparison.Ordinal) ? p : p + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
        var content = doc.RootElement.TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";
        return new GuidePage(file, title, content);
    });

    /// <summary>Finds <c>../shared/tiktok-reference</c> from the repository root (the folder holding ConnectorFunctions.sln).</summary>
    public static string LocateRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ConnectorFunctions.sln")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "tiktok-reference"));
                    if (Directory.Exists(candidate))
                    {
                        return candidate;
                    }

                    throw new DirectoryNotFoundException(
                        $"TikTok's reference is expected at {candidate} (../shared/tiktok-reference from the repository root {dir.FullName}).");
                }
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (ConnectorFunctions.sln) to locate ../shared/tiktok-reference.");
    }

    internal static string StripQuery(string path)
    {
        var q = path.IndexOf('?', StringComparison.Ordinal);
        var p = q >= 0 ? path[..q] : path;
        if (Uri.TryCreate(p, UriKind.Absolute, out var abs) && (abs.Scheme == Uri.UriSchemeHttp || abs.Scheme == Uri.UriSchemeHttps))
        {
            p = abs.AbsolutePath;
        }

        return p.Length > 1 ? p.TrimEnd('/') : p;
    }

    private string DescribeNearest(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return "";
        }

        // Same area and resource, any version: usually the reference documents a newer version.
        var tail = string.Join('/', segments.Skip(2));
        var near = Endpoints
            .Where(e => e.PathTemplate.Split('/', StringSplitOptions.RemoveEmptyEntries) is var s
                        && s.Length == segments.Length && s[0] == segments[0] && string.Join('/', s.Skip(2)) == tail)
            .Select(e => $"{e.Method} {e.PathTemplate}")
            .ToList();
        return near.Count == 0 ? "" : " Documented: " + string.Join(", ", near) + ".";
    }

    private List<EndpointSpec> LoadEndpoints()
    {
        var list = new List<EndpointSpec>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "api-reference"), "*.spec.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            list.Add(EndpointSpec.Load(file, Root));
        }

        return list;
    }

    private List<WebhookSpec> LoadWebhooks()
    {
        var list = new List<WebhookSpec>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "webhooks"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var match = WebhookFileName().Match(Path.GetFileName(file));
            if (!match.Success)
            {
                continue;
            }

            list.Add(WebhookSpec.Load(file, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return list;
    }

    [GeneratedRegex(@"^(\d+)-.+\.json$")]
    private static partial Regex WebhookFileName();
}

/// <summary>A developer-guide page: its title and markdown content.</summary>
public sealed record GuidePage(string File, string Title, string Content)
{
    /// <summary>The fenced code blocks of the page (language tag, code), in order.</summary>
    public IReadOnlyList<(string Language, string Code)> CodeBlocks => Markdown.CodeBlocks(Content);
}

internal static partial class Markdown
{
    public static IReadOnlyList<(string Language, string Code)> CodeBlocks(string content) =>
        Fence().Matches(content).Select(m => (m.Groups[1].Value.Trim().ToLowerInvariant(), m.Groups[2].Value)).ToList();

    /// <summary>JSON code blocks that parse (TikTok's examples), tolerant of trailing commas and comments.</summary>
    public static IReadOnlyList<JsonNode> JsonBlocks(string content)
    {
        var result = new List<JsonNode>();
        foreach (var (language, code) in CodeBlocks(content))
        {
            if (language is not ("json" or "") || !code.TrimStart().StartsWith('{'))
            {
                continue;
            }

            var node = TryParse(code);
            if (node is not null)
            {
                result.Add(node);
            }
        }

        return result;
    }

    /// <summary>
    /// Parses TikTok's example text; a few of TikTok's examples miss a comma at a line end (e.g. webhook type 12), so a
    /// second attempt inserts the commas a line break implies. Null when it still is not JSON.
    /// </summary>
    public static JsonNode? TryParse(string json)
    {
        var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
        try
        {
            return JsonNode.Parse(json, documentOptions: options);
        }
        catch (JsonException)
        {
            try
            {
                return JsonNode.Parse(MissingComma().Replace(json, "$1,$2"), documentOptions: options);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    [GeneratedRegex(@"```([A-Za-z]*)[ \t]*\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"([""\d\]}el])[ \t]*(\r?\n\s*"")")]
    private static partial Regex MissingComma();
}
