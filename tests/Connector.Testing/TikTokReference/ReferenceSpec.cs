using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connector.Testing.TikTokReference;

/// <summary>One parameter or response field of TikTok's reference, with its children (the reference's "^" nesting).</summary>
public sealed record SpecField(string Name, string Type, bool Required, IReadOnlyList<SpecField> Children)
{
    public SpecField? Child(string name) => Children.FirstOrDefault(c => c.Name == name);
}

/// <summary>
/// One endpoint of TikTok's published API reference (<c>../shared/tiktok-reference/api-reference/&lt;area&gt;/&lt;name&gt;.spec.json</c>,
/// found from the repository root): path and method, query / body parameters and response fields as trees, TikTok's example
/// request and response, and the checks the conformance tests make against it.
/// </summary>
public sealed partial class ReferenceSpec
{
    private ReferenceSpec(string file, JsonElement meta)
    {
        File = file;
        Path = meta.GetProperty("interface_path").GetString()!;
        Method = meta.GetProperty("method").GetInt32() switch { 1 => "POST", 2 => "GET", 3 => "PUT", 4 => "DELETE", var m => m.ToString(CultureInfo.InvariantCulture) };
        Query = Tree(meta, "request_query_param");
        Body = Tree(meta, "request_body_param");
        Response = Tree(meta, "response_param");
        RequestExample = Text(meta, "request_body");
        ResponseExample = Text(meta, "response_body");
        ErrorCodes = meta.TryGetProperty("error_code_list", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? errors.EnumerateArray().Select(e => long.Parse(e.GetProperty("code").GetString()!, CultureInfo.InvariantCulture)).ToArray()
            : [];
    }

    /// <summary>The reference folder: <c>../shared/tiktok-reference</c> from the repository root (as in CI).</summary>
    public static string Root { get; } = FindRoot();

    public string File { get; }
    public string Path { get; }
    public string Method { get; }
    public IReadOnlyList<SpecField> Query { get; }
    public IReadOnlyList<SpecField> Body { get; }
    public IReadOnlyList<SpecField> Response { get; }
    public string? RequestExample { get; }
    public string? ResponseExample { get; }
    public IReadOnlyList<long> ErrorCodes { get; }

    /// <summary>The parameters every signed call carries (the client's sender adds them).</summary>
    public static readonly IReadOnlySet<string> CommonQuery = new HashSet<string>(StringComparer.Ordinal) { "app_key", "sign", "timestamp", "shop_cipher" };

    /// <summary>Loads e.g. <c>api-reference/return-and-refund/search-returns.spec.json</c>.</summary>
    public static ReferenceSpec Load(string relative)
    {
        var file = System.IO.Path.Combine(Root, relative);
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(file));
        return new ReferenceSpec(relative, document.RootElement.GetProperty("document_api_meta").Clone());
    }

    /// <summary>Whether a concrete request path is this endpoint's (its {placeholders} match one segment).</summary>
    public bool Matches(string method, string path) =>
        string.Equals(method, Method, StringComparison.OrdinalIgnoreCase)
        && Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(Path), @"\\\{[a-z_]+}", "[^/]+") + "$");

    /// <summary>Query parameters sent that the reference does not document, or with an incompatible value; required ones missing.</summary>
    public IReadOnlyList<string> CheckQuery(IEnumerable<KeyValuePair<string, string>> sent)
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in sent)
        {
            names.Add(name);
            if (Query.FirstOrDefault(q => q.Name == name) is not { } field)
            {
                problems.Add($"query {name} is not documented for {Method} {Path}");
            }
            else if (!QueryValueFits(field.Type, value))
            {
                problems.Add($"query {name}={value} does not fit the documented type {field.Type}");
            }
        }

        problems.AddRange(Query.Where(q => q.Required && !names.Contains(q.Name)).Select(q => $"required query {q.Name} is not sent"));
        return problems;
    }

    /// <summary>Body fields sent that the reference does not document or with another type; required ones missing.</summary>
    public IReadOnlyList<string> CheckBody(JsonElement body)
    {
        var problems = new List<string>();
        CheckObject(body, Body, "body", problems, checkRequired: true);
        return problems;
    }

    /// <summary>Fields of an answer (the whole envelope) that the reference's response does not document, or with another type.</summary>
    public IReadOnlyList<string> CheckResponse(JsonElement envelope)
    {
        var problems = new List<string>();
        CheckObject(envelope, Response, "response", problems, checkRequired: false);
        return problems;
    }

    private static void CheckObject(JsonElement value, IReadOnlyList<SpecField> fields, string path, List<string> problems, bool checkRequired)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path} is {value.ValueKind}, not an object");
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            var field = fields.FirstOrDefault(f => f.Name == property.Name);
            var at = path + "." + property.Name;
            if (field is null)
            {
                problems.Add($"{at} is not documented");
                continue;
            }

            CheckValue(property.Value, field, at, problems, checkRequired);
        }

        if (checkRequired)
        {
            problems.AddRange(fields.Where(f => f.Required && !value.TryGetProperty(f.Name, out _)).Select(f => $"required {path}.{f.Name} is missing"));
        }
    }

    private static void CheckValue(JsonElement value, SpecField field, string at, List<string> problems, bool checkRequired)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var type = field.Type.Trim().ToLowerInvariant();
        if (type.StartsWith("[]", StringComparison.Ordinal))
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{at} is {value.ValueKind}, documented as {field.Type}");
                return;
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                CheckValue(item, field with { Type = type[2..] }, $"{at}[{index++}]", problems, checkRequired);
            }

            return;
        }

        var fits = type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "int" or "int32" or "int64" or "long" or "number" or "float" or "double" => value.ValueKind == JsonValueKind.Number,
            "bool" or "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "object" => value.ValueKind == JsonValueKind.Object,
            _ => true,
        };
        if (!fits)
        {
            problems.Add($"{at} is {value.ValueKind}, documented as {field.Type}");
            return;
        }

        if (type == "object" && field.Children.Count > 0)
        {
            CheckObject(value, field.Children, at, problems, checkRequired);
        }
    }

    private static bool QueryValueFits(string type, string value) => type.Trim().ToLowerInvariant() switch
    {
        "int" or "int32" or "int64" or "long" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        "bool" or "boolean" => value is "true" or "false",
        _ => true,
    };

    private static IReadOnlyList<SpecField> Tree(JsonElement meta, string name)
    {
        if (!meta.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var stack = new List<List<SpecField>> { new() };
        foreach (var item in list.EnumerateArray())
        {
            var raw = item.GetProperty("name").GetString()!;
            var depth = raw.TakeWhile(c => c == '^').Count();
            var children = new List<SpecField>();
            var field = new SpecField(raw[depth..], item.GetProperty("type").GetString() ?? "", item.TryGetProperty("required", out var r) && r.GetString() == "Y", children);
            while (stack.Count > depth + 1)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            stack[^1].Add(field);
            stack.Add(children);
        }

        return stack[0];
    }

    private static string? Text(JsonElement meta, string name) =>
        meta.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "ConnectorFunctions.sln")))
            {
                var reference = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory.FullName, "..", "shared", "tiktok-reference"));
                return Directory.Exists(reference) ? reference : throw new DirectoryNotFoundException($"TikTok's reference is expected at {reference} (../shared/tiktok-reference from the repository root).");
            }
        }

        throw new DirectoryNotFoundException("The repository root (ConnectorFunctions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
