using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connector.Testing;

/// <summary>
/// One endpoint of TikTok's published API reference (<c>../shared/tiktok-reference/api-reference/{area}/{name}.spec.json</c>
/// from the repository root): path, method, query and path parameters with types and "required", the response fields
/// (flattened to dotted paths from the envelope, arrays transparent) and TikTok's example answer. Conformance tests
/// check the client's requests and the simulator's answers against it.
/// </summary>
public sealed class TikTokReferenceSpec
{
    private TikTokReferenceSpec(string file, JsonElement meta)
    {
        File = file;
        InterfacePath = meta.GetProperty("interface_path").GetString()!;
        Method = meta.GetProperty("method").GetInt32() switch
        {
            1 => HttpMethod.Post,
            2 => HttpMethod.Get,
            3 => HttpMethod.Put,
            4 => HttpMethod.Delete,
            var other => throw new InvalidOperationException($"{file}: unknown method {other}"),
        };
        QueryParameters = Parameters(meta, "request_query_param");
        PathParameters = Parameters(meta, "request_path_param");
        ResponseFields = Fields(meta);
        ExampleResponse = meta.TryGetProperty("response_body", out var body) ? body.GetString() ?? "" : "";
        ErrorCodes = meta.TryGetProperty("error_code_list", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? errors.EnumerateArray().Select(e => long.Parse(e.GetProperty("code").GetString()!, CultureInfo.InvariantCulture)).ToArray()
            : [];
        var pattern = "^" + Regex.Replace(Regex.Escape(InterfacePath), @"\\\{[a-z_]+}", "[^/]+") + "$";
        PathPattern = new Regex(pattern, RegexOptions.CultureInvariant);
    }

    public sealed record Parameter(string Name, string Type, bool Required);

    /// <summary>The reference's root: <c>../shared/tiktok-reference</c> from the repository root.</summary>
    public static string Root => Path.GetFullPath(Path.Combine(TestEnvironment.RepositoryRoot, "..", "shared", "tiktok-reference"));

    public string File { get; }

    public string InterfacePath { get; }

    public HttpMethod Method { get; }

    public IReadOnlyList<Parameter> QueryParameters { get; }

    public IReadOnlyList<Parameter> PathParameters { get; }

    /// <summary>Every response field as a dotted path (<c>data.statements.id</c>): arrays add no segment.</summary>
    public IReadOnlySet<string> ResponseFields { get; }

    /// <summary>TikTok's example answer (the whole envelope).</summary>
    public string ExampleResponse { get; }

    public IReadOnlyList<long> ErrorCodes { get; }

    private Regex PathPattern { get; }

    /// <summary>Loads e.g. <c>api-reference/finance/get-statements.spec.json</c>.</summary>
    public static TikTokReferenceSpec Load(string relativePath)
    {
        var file = Path.Combine(Root, relativePath);
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(file));
        return new TikTokReferenceSpec(relativePath, document.RootElement.GetProperty("document_api_meta").Clone());
    }

    /// <summary>Whether a concrete path (<c>/finance/202501/orders/123/statement_transactions</c>) is this endpoint.</summary>
    public bool Matches(string path) => PathPattern.IsMatch(path);

    /// <summary>Whether a query value is of the documented type (int: a whole number; string and []string: anything).</summary>
    public static bool Compatible(Parameter parameter, string value) => parameter.Type switch
    {
        "int" or "int64" or "long" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "bool" => value is "true" or "false",
        _ => true,
    };

    /// <summary>The dotted paths of every property in a JSON document (arrays transparent), for comparing with <see cref="ResponseFields"/>.</summary>
    public static IReadOnlySet<string> FieldPaths(JsonElement element)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        Walk(element, "", paths);
        return paths;
    }

    /// <summary>Fields of an answer the reference does not document.</summary>
    public IReadOnlyList<string> Undocumented(JsonElement answer) => FieldPaths(answer).Where(p => !ResponseFields.Contains(p)).Order(StringComparer.Ordinal).ToArray();

    private static void Walk(JsonElement element, string prefix, HashSet<string> paths)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var path = prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
                    paths.Add(path);
                    Walk(property.Value, path, paths);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, prefix, paths);
                }

                break;
        }
    }

    private static IReadOnlyList<Parameter> Parameters(JsonElement meta, string name) =>
        meta.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("type").GetString() ?? "string",
                p.TryGetProperty("required", out var r) && r.GetString() == "Y")).ToArray()
            : [];

    /// <summary>The flat response_param list, where each leading '^' is one level under the field before it, as dotted paths.</summary>
    private static IReadOnlySet<string> Fields(JsonElement meta)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<string>();
        foreach (var field in meta.GetProperty("response_param").EnumerateArray())
        {
            var raw = field.GetProperty("name").GetString()!;
            var depth = raw.TakeWhile(c => c == '^').Count();
            var name = raw[depth..].Trim();
            if (name.Length == 0 || depth > stack.Count)
            {
                continue;
            }

            stack.RemoveRange(depth, stack.Count - depth);
            stack.Add(name);
            fields.Add(string.Join('.', stack));
        }

        return fields;
    }
}
