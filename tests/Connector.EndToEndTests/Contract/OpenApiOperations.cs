using Connector.Testing;
using YamlDotNet.Serialization;

namespace Connector.EndToEndTests.Contract;

/// <summary>One operation of docs/openapi.yaml: what the generated bad-input cases are made from.</summary>
public sealed record OpenApiOperation(
    string Method,
    string Path,
    bool NeedsKey,
    IReadOnlyList<OpenApiParameter> Parameters,
    bool HasBody,
    IReadOnlyDictionary<string, string> BodyProperties,
    IReadOnlyList<string> RequiredBodyProperties)
{
    public override string ToString() => $"{Method} {Path}";
}

public sealed record OpenApiParameter(string Name, string In, bool Required, string? Type, IReadOnlyList<string>? Enum);

/// <summary>Reads docs/openapi.yaml (with YamlDotNet) into operations, resolving local <c>$ref</c>s.</summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    public static IReadOnlyList<OpenApiOperation> Load()
    {
        var yaml = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "openapi.yaml"));
        var root = (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize<object>(yaml)!;
        var globalSecurity = root.TryGetValue("security", out var security) && security is List<object> { Count: > 0 };
        var operations = new List<OpenApiOperation>();
        foreach (var (pathKey, pathValue) in Map(root["paths"]))
        {
            var path = (string)pathKey;
            var pathItem = Map(pathValue);
            var shared = pathItem.TryGetValue("parameters", out var p) ? List(p) : [];
            foreach (var method in Methods.Where(pathItem.ContainsKey))
            {
                var operation = Map(pathItem[method]);
                var needsKey = operation.TryGetValue("security", out var own) ? own is List<object> { Count: > 0 } : globalSecurity;
                var parameters = shared.Concat(operation.TryGetValue("parameters", out var ps) ? List(ps) : [])
                    .Select(x => Map(Resolve(root, x)))
                    .Select(x =>
                    {
                        var schema = x.TryGetValue("schema", out var s) ? Map(Resolve(root, s)) : new Dictionary<object, object>();
                        return new OpenApiParameter(
                            (string)x["name"],
                            (string)x["in"],
                            x.TryGetValue("required", out var r) && r is string rs && bool.Parse(rs),
                            schema.TryGetValue("type", out var t) ? (string)t : null,
                            schema.TryGetValue("enum", out var e) ? List(e).Select(v => v.ToString()!).ToList() : null);
                    })
                    .ToList();
                var hasBody = operation.TryGetValue("requestBody", out var body);
                var properties = new Dictionary<string, string>();
                var required = new List<string>();
                if (hasBody && Map(Resolve(root, body!)).TryGetValue("content", out var content)
                    && Map(content).TryGetValue("application/json", out var json) && Map(json).TryGetValue("schema", out var bodySchema))
                {
                    var schema = Map(Resolve(root, bodySchema));
                    if (schema.TryGetValue("properties", out var props))
                    {
                        foreach (var (name, value) in Map(props))
                        {
                            var propertySchema = Map(Resolve(root, value));
                            properties[(string)name] = propertySchema.TryGetValue("type", out var type) ? (string)type : "object";
                        }
                    }

                    if (schema.TryGetValue("required", out var req))
                    {
                        required.AddRange(List(req).Select(x => (string)x));
                    }
                }

                operations.Add(new OpenApiOperation(method.ToUpperInvariant(), path, needsKey, parameters, hasBody, properties, required));
            }
        }

        return operations;
    }

    private static object Resolve(Dictionary<object, object> root, object node)
    {
        if (node is Dictionary<object, object> map && map.TryGetValue("$ref", out var reference) && reference is string pointer && pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            object current = root;
            foreach (var part in pointer[2..].Split('/'))
            {
                current = Map(current)[part];
            }

            return Resolve(root, current);
        }

        return node;
    }

    private static Dictionary<object, object> Map(object node) => node as Dictionary<object, object> ?? [];

    private static List<object> List(object node) => node as List<object> ?? [];
}
