using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connector.Testing;

namespace Connector.IntegrationTests.Listings;

/// <summary>One documented parameter or response field of TikTok's reference, with its nested fields.</summary>
public sealed record SpecParam(string Name, string Type, bool Required, List<SpecParam> Children)
{
    public SpecParam? Child(string name) => Children.FirstOrDefault(c => c.Name == name);
}

/// <summary>
/// A small reader of one endpoint of TikTok's published reference (<c>../shared/tiktok-reference/api-reference/*.spec.json</c>):
/// method, path, query / body parameters and response fields as trees (each leading <c>^</c> is a level), and TikTok's
/// example response. The checks say what in a request or an answer the reference does not document.
/// </summary>
public sealed partial class TikTokSpec
{
    public static readonly string Root = Path.GetFullPath(Path.Combine(TestEnvironment.RepositoryRoot, "..", "shared", "tiktok-reference"));

    private static readonly HashSet<string> Common = new(StringComparer.Ordinal) { "app_key", "sign", "timestamp" };

    private TikTokSpec(string file, HttpMethod method, string path, List<SpecParam> query, List<SpecParam> body, List<SpecParam> response, string? example)
    {
        File = file;
        Method = method;
        PathTemplate = path;
        Query = query;
        Body = body;
        Response = response;
        ResponseExample = example;
    }

    public string File { get; }
    public HttpMethod Method { get; }
    public string PathTemplate { get; }
    public List<SpecParam> Query { get; }
    public List<SpecParam> Body { get; }
    public List<SpecParam> Response { get; }
    public string? ResponseExample { get; }

    public List<SpecParam> ResponseData => Response.FirstOrDefault(r => r.Name == "data")?.Children ?? [];

    /// <summary>Loads <c>api-reference/{relative}</c>, e.g. <c>products/create-product.spec.json</c>.</summary>
    public static TikTokSpec Load(string relative)
    {
        var file = Path.Combine(Root, "api-reference", relative);
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(file));
        var meta = document.RootElement.GetProperty("document_api_meta");
        var method = meta.GetProperty("method").GetInt32() switch { 1 => HttpMethod.Post, 2 => HttpMethod.Get, 3 => HttpMethod.Put, 4 => HttpMethod.Delete, var m => throw new InvalidDataException($"method {m}") };
        return new TikTokSpec(relative, method, meta.GetProperty("interface_path").GetString()!, Tree(meta, "request_query_param"), Tree(meta, "request_body_param"),
            Tree(meta, "response_param"), meta.TryGetProperty("response_body", out var example) && example.ValueKind == JsonValueKind.String ? example.GetString() : null);
    }

    public bool Matches(string path) =>
        Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(PathTemplate), @"\\\{[a-z_]+}", "[^/]+") + "$");

    /// <summary>What in a request the reference does not document (empty: it conforms).</summary>
    public List<string> RequestProblems(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, string? jsonBody, IReadOnlyList<string>? formFields)
    {
        var problems = new List<string>();
        if (method != Method || !Matches(path))
        {
            problems.Add($"{method} {path} is not {Method} {PathTemplate}");
        }

        foreach (var (name, value) in query.Where(q => !Common.Contains(q.Key)))
        {
            var p = Query.FirstOrDefault(q => q.Name == name);
            if (p is null)
            {
                problems.Add($"query parameter {name} is not documented");
            }
            else if (!Compatible(p.Type, value))
            {
                problems.Add($"query parameter {name}='{value}' is not a {p.Type}");
            }
        }

        problems.AddRange(Query.Where(p => p.Required && !Common.Contains(p.Name) && query.All(q => q.Key != p.Name)).Select(p => $"required query parameter {p.Name} is not sent"));
        if (formFields is not null)
        {
            problems.AddRange(formFields.Where(f => Body.All(b => b.Name != f)).Select(f => $"form field {f} is not documented"));
            problems.AddRange(Body.Where(b => b.Required && !formFields.Contains(b.Name)).Select(b => $"required form field {b.Name} is not sent"));
        }
        else if (!string.IsNullOrEmpty(jsonBody))
        {
            CheckObject(JsonNode.Parse(jsonBody)!.AsObject(), Body, "body", problems, checkRequired: true);
        }
        else
        {
            problems.AddRange(Body.Where(b => b.Required).Select(b => $"required body field {b.Name} is not sent"));
        }

        return problems;
    }

    /// <summary>What in an answer's <c>data</c> the reference does not document.</summary>
    public List<string> ResponseProblems(string envelope)
    {
        var problems = new List<string>();
        var root = JsonNode.Parse(envelope)!.AsObject();
        if (root["data"] is JsonObject data)
        {
            CheckObject(data, ResponseData, "data", problems, checkRequired: false);
        }

        return problems;
    }

    private static void CheckObject(JsonObject value, List<SpecParam> documented, string path, List<string> problems, bool checkRequired)
    {
        foreach (var (name, node) in value)
        {
            var p = documented.FirstOrDefault(d => d.Name == name);
            if (p is null)
            {
                problems.Add($"{path}.{name} is not documented");
                continue;
            }

            if (node is null)
            {
                continue;
            }

            if (!Compatible(p.Type, node))
            {
                problems.Add($"{path}.{name} is {node.GetValueKind()}, documented as {p.Type}");
                continue;
            }

            if (node is JsonObject child)
            {
                CheckObject(child, p.Children, $"{path}.{name}", problems, checkRequired);
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array.OfType<JsonObject>())
                {
                    CheckObject(item, p.Children, $"{path}.{name}[]", problems, checkRequired);
                }
            }
        }

        if (checkRequired)
        {
            problems.AddRange(documented.Where(d => d.Required && !value.ContainsKey(d.Name)).Select(d => $"required {path}.{d.Name} is not sent"));
        }
    }

    private static bool Compatible(string type, JsonNode node) => (type, node.GetValueKind()) switch
    {
        ("string", JsonValueKind.String) => true,
        ("int" or "int64" or "int32" or "number" or "float", JsonValueKind.Number) => true,
        ("bool", JsonValueKind.True or JsonValueKind.False) => true,
        ("object", JsonValueKind.Object) => true,
        (_, JsonValueKind.Array) when type.StartsWith("[]", StringComparison.Ordinal) =>
            node.AsArray().All(item => item is null || Compatible(type[2..], item)),
        _ => false,
    };

    private static bool Compatible(string type, string value) => type switch
    {
        "int" or "int64" => long.TryParse(value, out _),
        "bool" => value is "true" or "false" or "0" or "1",
        _ => true,
    };

    private static List<SpecParam> Tree(JsonElement meta, string name)
    {
        var roots = new List<SpecParam>();
        var stack = new List<SpecParam>();
        if (!meta.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return roots;
        }

        foreach (var item in list.EnumerateArray())
        {
            var raw = item.GetProperty("name").GetString()!;
            var depth = raw.TakeWhile(c => c == '^').Count();
            var param = new SpecParam(raw[depth..], item.GetProperty("type").GetString()!, item.TryGetProperty("required", out var r) && r.GetString() == "Y", []);
            if (depth == 0)
            {
                roots.Add(param);
            }
            else
            {
                stack[depth - 1].Children.Add(param);
            }

            if (stack.Count > depth)
            {
                stack.RemoveRange(depth, stack.Count - depth);
            }

            stack.Add(param);
        }

        return roots;
    }
}
