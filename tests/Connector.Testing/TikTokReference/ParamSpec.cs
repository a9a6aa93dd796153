using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connector.Testing.TikTokReference;

/// <summary>
/// One documented parameter or response field. <see cref="Type"/> is TikTok's: <c>string</c>, <c>int</c>, <c>bool</c>,
/// <c>object</c>, <c>[]object</c>, <c>[]string</c>, <c>[]int</c>, <c>file</c>. Nested fields (the reference's leading
/// <c>^</c> per level) are <see cref="Children"/>; for <c>[]object</c> they describe each element.
/// </summary>
public sealed partial class ParamSpec
{
    private readonly List<ParamSpec> children = [];

    internal ParamSpec(string name, string type, bool required, string description, string? example, ParamSpec? parent)
    {
        Name = name;
        Type = type;
        Required = required;
        Description = description;
        Example = example;
        Parent = parent;
    }

    public string Name { get; }

    public string Type { get; }

    public bool Required { get; }

    public string Description { get; }

    public string? Example { get; }

    public ParamSpec? Parent { get; }

    public IReadOnlyList<ParamSpec> Children => children;

    /// <summary>Dotted path from the top level (<c>data.orders.line_items.sku_id</c>).</summary>
    public string FullName => Parent is null ? Name : Parent.FullName + "." + Name;

    public bool IsArray => Type.StartsWith("[]", StringComparison.Ordinal);

    /// <summary>The element type of an array (<c>object</c> for <c>[]object</c>), else the type itself.</summary>
    public string ElementType => IsArray ? Type[2..] : Type;

    /// <summary>
    /// The values the description lists ("Possible values:", "Available values:", "Allowed values", bullet lists of
    /// <c>`VALUE`</c> or <c>- VALUE: ...</c>). Empty when the description lists none. Heuristic: use for enum checks.
    /// </summary>
    public IReadOnlyList<string> DocumentedValues
    {
        get
        {
            var values = new List<string>();
            foreach (Match m in ListedValue().Matches(Description))
            {
                var v = m.Groups[1].Value.Trim('`', ' ', '*');
                if (v.Length > 0 && !values.Contains(v, StringComparer.Ordinal))
                {
                    values.Add(v);
                }
            }

            return values;
        }
    }

    /// <summary>The inclusive numeric range the description gives ("Valid range: [1-100]", "[1, 99,999]"), if any.</summary>
    public (long Min, long Max)? DocumentedRange
    {
        get
        {
            var m = Range().Match(Description);
            static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            return m.Success ? (Number(m.Groups[1].Value), Number(m.Groups[2].Value)) : null;
        }
    }

    /// <summary>A child by name, or null.</summary>
    public ParamSpec? Child(string name) => children.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// Whether a JSON value is compatible with this documented type. TikTok's <c>int</c> is any integer (TikTok also
    /// accepts and sends 64-bit ids as int); <c>string</c> must be a JSON string (TikTok's money and ids are strings);
    /// <c>bool</c> a JSON boolean; <c>object</c> an object; <c>[]x</c> an array of x. Null is accepted for any type.
    /// </summary>
    public bool Accepts(JsonNode? value) => AcceptsType(Type, value);

    /// <summary>Whether a query string value is compatible (query values are text: int must parse, bool true/false).</summary>
    public bool AcceptsQueryValue(string value) => ElementType switch
    {
        "int" => long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        "bool" => value is "true" or "false",
        "object" => false,
        _ => true,
    };

    public override string ToString() => $"{FullName}: {Type}{(Required ? " (required)" : "")}";

    internal static bool AcceptsType(string type, JsonNode? value)
    {
        if (value is null)
        {
            return true;
        }

        if (type.StartsWith("[]", StringComparison.Ordinal))
        {
            return value is JsonArray arr && arr.All(v => AcceptsType(type[2..], v));
        }

        return type switch
        {
            "string" => value is JsonValue s && s.GetValueKind() == JsonValueKind.String,
            "int" => value is JsonValue n && n.GetValueKind() == JsonValueKind.Number && IsInteger(n),
            "float" or "number" or "double" => value is JsonValue f && f.GetValueKind() == JsonValueKind.Number,
            "bool" or "boolean" => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "object" => value is JsonObject,
            "file" => true,
            _ => true,
        };
    }

    internal static IReadOnlyList<ParamSpec> Tree(IEnumerable<(string Name, string Type, bool Required, string Description, string? Example)> flat)
    {
        var roots = new List<ParamSpec>();
        var stack = new List<ParamSpec>();
        foreach (var (rawName, type, required, desc, example) in flat)
        {
            var depth = 0;
            while (depth < rawName.Length && rawName[depth] == '^')
            {
                depth++;
            }

            var name = rawName[depth..].Trim();
            if (depth > stack.Count)
            {
                depth = stack.Count; // malformed nesting: attach to the deepest open field
            }

            var parent = depth == 0 ? null : stack[depth - 1];
            var node = new ParamSpec(name, type.Trim(), required, desc, example, parent);
            if (parent is null)
            {
                roots.Add(node);
            }
            else
            {
                parent.children.Add(node);
            }

            stack.RemoveRange(depth, stack.Count - depth);
            stack.Add(node);
        }

        return roots;
    }

    internal static ParamSpec? Find(IReadOnlyList<ParamSpec> roots, string dottedPath)
    {
        IReadOnlyList<ParamSpec> level = roots;
        ParamSpec? found = null;
        foreach (var part in dottedPath.Split('.'))
        {
            found = level.FirstOrDefault(p => p.Name == part.Replace("[]", "", StringComparison.Ordinal));
            if (found is null)
            {
                return null;
            }

            level = found.Children;
        }

        return found;
    }

    private static bool IsInteger(JsonValue n) =>
        n.TryGetValue<long>(out _) || n.TryGetValue<ulong>(out _) ||
        (n.TryGetValue<decimal>(out var d) && decimal.Truncate(d) == d);

    [GeneratedRegex(@"(?m)^\s*[-*]\s*`?([A-Za-z0-9_]+)`?\s*(?::|：|$|\s-\s|\(|,)")]
    private static partial Regex ListedValue();

    [GeneratedRegex(@"\[\s*(\d[\d,]*?)\s*(?:-|–|~|,\s+)\s*(\d[\d,]*)\s*\]")]
    private static partial Regex Range();
}
