using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Testing;
using YamlDotNet.Serialization;

namespace Connector.EndToEndTests.Contract;

/// <summary>
/// docs/openapi.yaml's answers are the code's response records: every HTTP function's success answer refers to the
/// schema of the record its operation returns, and that schema lists exactly the record's fields with their types.
/// <c>scripts/openapi-schemas.sh</c> writes the schemas (and the missing references) from the code.
/// </summary>
public sealed partial class ResponseSchemaTests
{
    private const string BeginMarker = "    # Response records: written by scripts/openapi-schemas.sh from the code, checked by tests/Connector.EndToEndTests/Contract/ResponseSchemaTests.cs.";
    private const string EndMarker = "    # End of response records.";

    private static string DocumentPath => Path.Combine(TestEnvironment.RepositoryRoot, "docs", "openapi.yaml");

    [Test]
    public void Every_http_function_answers_through_an_operation_with_a_named_response()
    {
        var old = ResponseSchemas.FunctionsWithoutOutcome();
        Assert.That(old, Is.Empty,
            "these HTTP functions do not hand an operation returning Task<Outcome<T>> to HttpEdge (docs/architecture.md, Handler): " + string.Join(", ", old.Order()));
    }

    [Test]
    public void Each_response_record_has_its_schema_in_openapi_yaml_field_for_field()
    {
        var operations = ResponseSchemas.Operations();
        Assert.That(operations, Is.Not.Empty);
        var expected = ResponseSchemas.For(operations.Select(o => o.Response));
        var documented = Schemas(Load());
        var problems = new List<string>();
        foreach (var (name, schema) in expected)
        {
            if (!documented.TryGetValue(name, out var actual))
            {
                problems.Add($"{name}: no schema");
            }
            else if (Canonical(actual) != Canonical(schema))
            {
                problems.Add($"{name}: the document says {Canonical(actual)}, the record is {Canonical(schema)}");
            }
        }

        Assert.That(problems, Is.Empty, "run scripts/openapi-schemas.sh to write the schemas from the records");
    }

    [Test]
    public void Each_operations_success_answer_refers_to_its_record()
    {
        var paths = (Dictionary<object, object>)Load()["paths"];
        var problems = new List<string>();
        foreach (var operation in ResponseSchemas.Operations().Where(o => ResponseSchemas.IsJson(o.Response)))
        {
            var reference = SuccessReference(paths, operation.Path, operation.Method);
            if (reference != "#/components/schemas/" + ResponseSchemas.Name(operation.Response))
            {
                problems.Add($"{operation}: its 2xx answer refers to {reference ?? "nothing"}");
            }
        }

        Assert.That(problems, Is.Empty, "run scripts/openapi-schemas.sh to add the references");
    }

    /// <summary>Not a check: rewrites docs/openapi.yaml's response schemas from the records (scripts/openapi-schemas.sh).</summary>
    [Test]
    [Explicit("writes docs/openapi.yaml; run by scripts/openapi-schemas.sh")]
    public void Write_response_schemas()
    {
        var operations = ResponseSchemas.Operations();
        var lines = File.ReadAllLines(DocumentPath).ToList();

        // The schemas, between the markers inside components.schemas.
        var begin = lines.IndexOf(BeginMarker);
        if (begin >= 0)
        {
            lines.RemoveRange(begin, lines.IndexOf(EndMarker) - begin + 1);
        }
        else
        {
            begin = lines.FindIndex(l => l == "  responses:");
        }

        // A schema written by hand elsewhere in components (with descriptions) is kept; the check compares it all the same.
        var byHand = Schemas(new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(string.Join('\n', lines))!).Keys.ToHashSet(StringComparer.Ordinal);
        var block = new List<string> { BeginMarker };
        foreach (var (name, schema) in ResponseSchemas.For(operations.Select(o => o.Response)).Where(s => !byHand.Contains(s.Key)))
        {
            var map = (IDictionary<string, object>)schema;
            block.Add($"    {name}:");
            if (map.TryGetValue("oneOf", out var oneOf))
            {
                block.Add($"      oneOf: {Flow(oneOf)}");
                continue;
            }

            block.Add("      type: object");
            block.Add("      properties:");
            foreach (var (property, propertySchema) in (IDictionary<string, object>)map["properties"])
            {
                block.Add($"        {property}: {Flow(propertySchema)}");
            }
        }

        block.Add(EndMarker);
        lines.InsertRange(begin, block);

        // The references, under each operation's first 2xx answer that has none.
        foreach (var operation in operations.Where(o => ResponseSchemas.IsJson(o.Response)))
        {
            var at = SuccessLine(lines, operation.Path, operation.Method);
            if (at < 0)
            {
                continue;
            }

            var end = at + 1;
            while (end < lines.Count && (lines[end].Length == 0 || Indent(lines[end]) > 8))
            {
                if (lines[end].TrimStart().StartsWith("content:", StringComparison.Ordinal))
                {
                    end = -1;
                    break;
                }

                end++;
            }

            if (end > 0)
            {
                lines.InsertRange(end,
                [
                    "          content:",
                    "            application/json:",
                    "              schema:",
                    $"                $ref: '#/components/schemas/{ResponseSchemas.Name(operation.Response)}'",
                ]);
            }
        }

        File.WriteAllText(DocumentPath, string.Join('\n', lines) + "\n");
    }

    private static Dictionary<object, object> Load() =>
        (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(DocumentPath))!;

    private static Dictionary<string, object> Schemas(Dictionary<object, object> root) =>
        ((Dictionary<object, object>)((Dictionary<object, object>)root["components"])["schemas"]).ToDictionary(e => (string)e.Key, e => e.Value);

    private static string? SuccessReference(Dictionary<object, object> paths, string path, string method)
    {
        if (!paths.TryGetValue(path, out var item) || !((Dictionary<object, object>)item).TryGetValue(method, out var operation)
            || !((Dictionary<object, object>)operation).TryGetValue("responses", out var responses))
        {
            return null;
        }

        var success = ((Dictionary<object, object>)responses).FirstOrDefault(r => r.Key.ToString()!.StartsWith('2')).Value as Dictionary<object, object>;
        return success is not null && success.TryGetValue("content", out var content) && ((Dictionary<object, object>)content).TryGetValue("application/json", out var json)
            && ((Dictionary<object, object>)json).TryGetValue("schema", out var schema) && ((Dictionary<object, object>)schema).TryGetValue("$ref", out var reference)
            ? reference.ToString()
            : null;
    }

    [GeneratedRegex("""^        ['"]?2\d\d['"]?:\s*$""")]
    private static partial Regex SuccessStatus();

    /// <summary>The line of the operation's first 2xx answer, or -1.</summary>
    private static int SuccessLine(List<string> lines, string path, string method)
    {
        var start = lines.IndexOf($"  {path}:");
        if (start < 0)
        {
            return -1;
        }

        var inMethod = false;
        for (var i = start + 1; i < lines.Count && (lines[i].Length == 0 || Indent(lines[i]) > 2); i++)
        {
            if (Indent(lines[i]) == 4)
            {
                inMethod = lines[i].Trim() == method + ":";
            }
            else if (inMethod && SuccessStatus().IsMatch(lines[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    /// <summary>A schema in YAML flow style, as written into the document.</summary>
    private static string Flow(object value) => value switch
    {
        IDictionary<string, object> map => "{" + string.Join(", ", map.Select(e => $"{e.Key}: {Flow(e.Value)}")) + "}",
        IEnumerable<object> list => "[" + string.Join(", ", list.Select(Flow)) + "]",
        string text => text.Contains('#', StringComparison.Ordinal) || text.Contains(' ', StringComparison.Ordinal) || text.Length == 0 || !char.IsLetter(text[0]) || IsYamlWord(text) ? $"'{text}'" : text,
        _ => value.ToString()!,
    };

    private static bool IsYamlWord(string text) => text.ToLowerInvariant() is "y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null";

    /// <summary>A schema as canonical JSON, without descriptions and examples (the document may explain more).</summary>
    private static string Canonical(object schema)
    {
        static object? Strip(object? value) => value switch
        {
            IDictionary<object, object> map => new SortedDictionary<string, object?>(map.Where(e => e.Key.ToString() is not ("description" or "example" or "nullable"))
                .ToDictionary(e => e.Key.ToString()!, e => Strip(e.Value)), StringComparer.Ordinal),
            IDictionary<string, object> map => new SortedDictionary<string, object?>(map.Where(e => e.Key is not ("description" or "example" or "nullable"))
                .ToDictionary(e => e.Key, e => Strip(e.Value)), StringComparer.Ordinal),
            IEnumerable<object> list when value is not string => list.Select(Strip).ToList(),
            _ => value?.ToString(),
        };

        return JsonSerializer.Serialize(Strip(schema));
    }
}
