using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Functions.Health;
using Connector.Http;
using Microsoft.Azure.Functions.Worker;

namespace Connector.EndToEndTests.Contract;

/// <summary>An HTTP function and the response record its operation answers (from <c>Outcome&lt;T&gt;</c>).</summary>
public sealed record HttpOperation(string Method, string Path, string Function, Type Response)
{
    public override string ToString() => $"{Method} {Path} ({Function} → {Response.Name})";
}

/// <summary>
/// What docs/openapi.yaml's response schemas must say, read from the code: each HTTP function class hands its operation
/// to <see cref="HttpEdge"/> as a method group (<c>handlers.CreateAsync</c>), so the function's IL names the operation,
/// whose <c>Task&lt;Outcome&lt;T&gt;&gt;</c> names the response record; the record's properties, as
/// <see cref="Problems.JsonOptions"/> writes them, are the schema.
/// </summary>
public static class ResponseSchemas
{
    /// <summary>Answers that are not JSON (files, pages, redirects) or not one record: documented by hand.</summary>
    private static readonly HashSet<Type> NotJson = [typeof(object), typeof(FileBody), typeof(StreamBody), typeof(PageBody), typeof(RedirectBody), typeof(NotModifiedBody)];

    public static IReadOnlyList<HttpOperation> Operations()
    {
        var operations = new List<HttpOperation>();
        foreach (var method in typeof(HealthFunction).Assembly.GetExportedTypes().SelectMany(t => t.GetMethods()))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function
                || method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().FirstOrDefault() is not { } trigger)
            {
                continue;
            }

            foreach (var response in OperationResponses(method).Distinct())
            {
                foreach (var verb in trigger.Methods!)
                {
                    operations.Add(new HttpOperation(verb.ToLowerInvariant(), "/" + trigger.Route!.Trim('/'), function.Name, response));
                }
            }
        }

        return operations;
    }

    /// <summary>HTTP functions whose operation is not found (still on the old HttpRequest → IActionResult path).</summary>
    public static IReadOnlyList<string> FunctionsWithoutOutcome() =>
        typeof(HealthFunction).Assembly.GetExportedTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null
                && m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null)
                && !OperationResponses(m).Any())
            .Select(m => m.DeclaringType!.Name)
            .ToList();

    public static bool IsJson(Type response) => !NotJson.Contains(response);

    /// <summary>The response types of the methods the function's body takes as delegates (ldftn / ldvirtftn).</summary>
    private static IEnumerable<Type> OperationResponses(MethodInfo run)
    {
        var il = run.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 0; i + 5 < il.Length; i++)
        {
            if (il[i] != 0xFE || (il[i + 1] != 0x06 && il[i + 1] != 0x07))
            {
                continue;
            }

            MethodBase? target;
            try
            {
                target = run.Module.ResolveMethod(BitConverter.ToInt32(il, i + 2));
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (target is MethodInfo { ReturnType: { IsGenericType: true } task } && task.GetGenericTypeDefinition() == typeof(Task<>)
                && task.GetGenericArguments()[0] is { IsGenericType: true } outcome && outcome.GetGenericTypeDefinition() == typeof(Outcome<>))
            {
                yield return outcome.GetGenericArguments()[0];
            }
        }
    }

    /// <summary>Component schemas for the records (and the records they hold), by schema name.</summary>
    public static SortedDictionary<string, object> For(IEnumerable<Type> records)
    {
        var schemas = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var pending = new Queue<Type>(records.Where(IsJson));
        while (pending.TryDequeue(out var type))
        {
            var name = Name(type);
            if (schemas.ContainsKey(name))
            {
                continue;
            }

            if (type.IsAbstract)
            {
                // One of several answers (e.g. a quote, or a note that TikTok made the package): the derived records.
                var derived = type.Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(type)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
                derived.ForEach(pending.Enqueue);
                schemas[name] = new SortedDictionary<string, object>(StringComparer.Ordinal)
                {
                    ["oneOf"] = derived.Select(t => (object)new SortedDictionary<string, object>(StringComparer.Ordinal) { ["$ref"] = "#/components/schemas/" + Name(t) }).ToList(),
                };
                continue;
            }

            var properties = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0))
            {
                if (property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always })
                {
                    continue;
                }

                var jsonName = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                properties[jsonName] = Schema(property.PropertyType, pending);
            }

            schemas[name] = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["type"] = "object", ["properties"] = properties };
        }

        return schemas;
    }

    public static string Name(Type type) =>
        type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(Name)) : type.Name;

    private static object Schema(Type type, Queue<Type> pending)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        static SortedDictionary<string, object> Of(params (string Key, object Value)[] entries)
        {
            var map = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var (key, value) in entries)
            {
                map[key] = value;
            }

            return map;
        }

        if (type == typeof(string) || type == typeof(Uri) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(DateOnly))
        {
            return Of(("type", "string"));
        }

        if (type.IsEnum)
        {
            return Of(("type", "string"), ("enum", Enum.GetNames(type).ToList<object>()));
        }

        if (type == typeof(bool))
        {
            return Of(("type", "boolean"));
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return Of(("type", "integer"));
        }

        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
        {
            return Of(("type", "number"));
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return Of(("type", "string"), ("format", "date-time"));
        }

        if (type == typeof(object) || type == typeof(JsonElement))
        {
            return Of(("description", "any JSON"));
        }

        if (Dictionary(type) is { } valueType)
        {
            return Of(("type", "object"), ("additionalProperties", Schema(valueType, pending)));
        }

        if (Element(type) is { } element)
        {
            return Of(("type", "array"), ("items", Schema(element, pending)));
        }

        pending.Enqueue(type);
        return Of(("$ref", "#/components/schemas/" + Name(type)));
    }

    private static Type? Dictionary(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ?.GetGenericArguments()[1];

    private static Type? Element(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
            ?? (typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null);
}
