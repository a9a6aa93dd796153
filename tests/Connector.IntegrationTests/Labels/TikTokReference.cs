using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Testing;

namespace Connector.IntegrationTests.Labels;

/// <summary>One endpoint of TikTok's published reference (<c>../shared/tiktok-reference/api-reference/&lt;area&gt;/*.spec.json</c>).</summary>
public sealed record TikTokSpec(
    string File,
    string Path,
    HttpMethod Method,
    IReadOnlyDictionary<string, SpecParam> Query,
    IReadOnlyDictionary<string, SpecParam> Body,
    IReadOnlySet<string> ResponseFields,
    string? ExampleResponse)
{
    public bool Matches(HttpMethod method, string path) =>
        method == Method && Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(Path), @"\\\{[^/]+?\}", "[^/]+") + "$");

    public int Placeholders => Path.Count(c => c == '{');
}

/// <summary>A documented parameter: its type as TikTok writes it (string, int, bool, object, []string, []object) and whether it is required.</summary>
public sealed record SpecParam(string Name, string Type, bool Required);

/// <summary>
/// Reads TikTok's reference: parameters with their nesting (<c>^</c> per level, flattened to dotted paths with <c>[]</c>
/// for arrays), response fields as the same paths, and the example response body.
/// </summary>
public static class TikTokReference
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(TestEnvironment.RepositoryRoot, "..", "shared", "tiktok-reference"));

    private static readonly Lazy<IReadOnlyList<TikTokSpec>> Specs = new(Load);

    public static IReadOnlyList<TikTokSpec> All => Specs.Value;

    /// <summary>The spec of a concrete call (the literal path wins over a templated one); null when the reference has none.</summary>
    public static TikTokSpec? Find(HttpMethod method, string path) =>
        All.Where(s => s.Matches(method, path)).OrderBy(s => s.Placeholders).FirstOrDefault();

    private static IReadOnlyList<TikTokSpec> Load()
    {
        var specs = new List<TikTokSpec>();
        foreach (var area in new[] { "fulfillment", "logistics", "orders" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Root, "api-reference", area), "*.spec.json"))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                var meta = document.RootElement.GetProperty("document_api_meta");
                var method = meta.GetProperty("method").GetInt32() switch { 1 => HttpMethod.Post, 2 => HttpMethod.Get, 3 => HttpMethod.Put, 4 => HttpMethod.Delete, _ => HttpMethod.Head };
                specs.Add(new TikTokSpec(
                    Path.GetFileName(file),
                    meta.GetProperty("interface_path").GetString()!,
                    method,
                    Flatten(meta, "request_query_param"),
                    Flatten(meta, "request_body_param"),
                    Flatten(meta, "response_param").Keys.ToHashSet(StringComparer.Ordinal),
                    meta.TryGetProperty("response_body", out var example) && example.ValueKind == JsonValueKind.String ? example.GetString() : null));
            }
        }

        return specs;
    }

    private static Dictionary<string, SpecParam> Flatten(JsonElement meta, string name)
    {
        var result = new Dictionary<string, SpecParam>(StringComparer.Ordinal);
        if (!meta.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        var parents = new List<string>();
        foreach (var p in list.EnumerateArray())
        {
            var raw = p.GetProperty("name").GetString() ?? "";
            var depth = raw.TakeWhile(c => c == '^').Count();
            var field = raw[depth..];
            var type = p.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            var required = p.TryGetProperty("required", out var r) && (r.ValueKind == JsonValueKind.True || (r.ValueKind == JsonValueKind.String && r.GetString() == "Y"));
            while (parents.Count > depth)
            {
                parents.RemoveAt(parents.Count - 1);
            }

            var path = depth == 0 ? field : parents[depth - 1] + "." + field;
            result[path] = new SpecParam(path, type, required);
            parents.Add(type.StartsWith("[]", StringComparison.Ordinal) ? path + "[]" : path);
        }

        return result;
    }

    /// <summary>Every field path of a JSON value (objects by name, array items as <c>[]</c>).</summary>
    public static IEnumerable<(string Path, JsonElement Value)> Paths(JsonElement element, string prefix = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var path = prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
                    yield return (path, property.Value);
                    foreach (var nested in Paths(property.Value, path))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var nested in Paths(item, prefix + "[]"))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    /// <summary>Whether a JSON value fits TikTok's type name.</summary>
    public static bool Fits(JsonElement value, string type) => type switch
    {
        _ when value.ValueKind == JsonValueKind.Null => true,
        "string" => value.ValueKind == JsonValueKind.String,
        "int" or "int32" or "int64" or "long" or "number" or "float" or "double" => value.ValueKind == JsonValueKind.Number,
        "bool" or "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ when type.StartsWith("[]", StringComparison.Ordinal) => value.ValueKind == JsonValueKind.Array,
        _ => false,
    };
}
