using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Connector.LocalHost;

public enum TriggerKind
{
    Http,
    Timer,
    Queue,
}

/// <summary>A trigger as functions.metadata declares it (the Functions host's view, not the attributes').</summary>
public sealed record TriggerBinding(
    string Type,
    string ParameterName,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    AuthorizationLevel AuthLevel = AuthorizationLevel.Function,
    string? Schedule = null,
    bool RunOnStartup = false,
    string? QueueName = null,
    string? Connection = null);

/// <summary>A queue output binding: on the return value (<c>$return</c>) or on a property of the returned object.</summary>
public sealed record QueueOutputBinding(string Name, string QueueName, string? Connection);

/// <summary>One function of functions.metadata, resolved to the method the worker would invoke.</summary>
public sealed record FunctionDefinition(
    string Name,
    MethodInfo Method,
    TriggerKind Kind,
    ParameterInfo TriggerParameter,
    TriggerBinding Trigger,
    IReadOnlyList<QueueOutputBinding> QueueOutputs)
{
    public QueueOutputBinding? ReturnQueueOutput => QueueOutputs.FirstOrDefault(o => o.Name == "$return");
}

/// <summary>
/// Reads the <c>functions.metadata</c> that Worker.Sdk generates next to a function app's assembly: the same file
/// the Functions host reads in Azure. Anything the local host cannot run (another trigger, an input binding, an
/// entry point that does not resolve, a [Function] missing from the file) stops the host at start-up with a message
/// that names the function, so nothing works here that would fail in Azure, or the other way round.
/// </summary>
public static class FunctionCatalog
{
    public const string MetadataFileName = "functions.metadata";

    private static readonly Dictionary<string, TriggerKind> Triggers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["httpTrigger"] = TriggerKind.Http,
        ["timerTrigger"] = TriggerKind.Timer,
        ["queueTrigger"] = TriggerKind.Queue,
    };

    public static IReadOnlyList<FunctionDefinition> Discover(IEnumerable<Assembly> assemblies)
    {
        var functions = new List<FunctionDefinition>();
        foreach (var assembly in assemblies)
        {
            functions.AddRange(Load(assembly, MetadataPathFor(assembly)));
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FunctionCatalogException($"Two functions are named {duplicate.Key}.");
        }

        return functions;
    }

    /// <summary>
    /// The app's metadata next to its assembly: <c>{AssemblyName}.functions.metadata</c> where a project runs several
    /// apps (Directory.Build.targets copies it for references marked FunctionApp="true"), else <c>functions.metadata</c>
    /// as in the app's own output and in Azure.
    /// </summary>
    public static string MetadataPathFor(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var directory = Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory;
        var named = Path.Combine(directory, $"{assembly.GetName().Name}.{MetadataFileName}");
        return File.Exists(named) ? named : Path.Combine(directory, MetadataFileName);
    }

    public static IReadOnlyList<FunctionDefinition> Load(Assembly assembly, string metadataPath)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!File.Exists(metadataPath))
        {
            throw new FunctionCatalogException(
                $"{metadataPath} does not exist. Build the function app ({assembly.GetName().Name}) with Microsoft.Azure.Functions.Worker.Sdk: it generates the file the Functions host reads.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(metadataPath));
        var functions = new List<FunctionDefinition>();
        var problems = new List<string>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            try
            {
                functions.Add(Describe(assembly, entry));
            }
            catch (FunctionCatalogException ex)
            {
                problems.Add(ex.Message);
            }
        }

        var declared = functions.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in FunctionNames(assembly).Where(n => !declared.Contains(n) && !problems.Any(p => p.Contains($"'{n}'", StringComparison.Ordinal))))
        {
            problems.Add($"Function '{name}' has [Function] in {assembly.GetName().Name} but is not in {MetadataFileName}: rebuild the function app.");
        }

        if (problems.Count > 0)
        {
            throw new FunctionCatalogException($"The local host cannot run {metadataPath}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return functions;
    }

    /// <summary>Every [Function] name in the assembly (what the metadata must list).</summary>
    public static IEnumerable<string> FunctionNames(Assembly assembly) =>
        assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>();

    private static FunctionDefinition Describe(Assembly assembly, JsonElement entry)
    {
        var name = Text(entry, "name") ?? throw new FunctionCatalogException("A function in the metadata has no name.");
        var scriptFile = Text(entry, "scriptFile");
        if (!string.Equals(Path.GetFileNameWithoutExtension(scriptFile), assembly.GetName().Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new FunctionCatalogException($"Function '{name}' belongs to {scriptFile}, not to {assembly.GetName().Name}: this metadata is another app's.");
        }

        var entryPoint = Text(entry, "entryPoint") ?? throw new FunctionCatalogException($"Function '{name}' has no entryPoint.");
        var method = ResolveMethod(assembly, name, entryPoint);

        TriggerBinding? trigger = null;
        TriggerKind kind = default;
        var outputs = new List<QueueOutputBinding>();
        foreach (var binding in entry.GetProperty("bindings").EnumerateArray())
        {
            var type = Text(binding, "type") ?? "";
            var direction = Text(binding, "direction") ?? "";
            var bindingName = Text(binding, "name") ?? "";
            if (Triggers.TryGetValue(type, out var triggerKind))
            {
                if (trigger is not null)
                {
                    throw new FunctionCatalogException($"Function '{name}' has two triggers.");
                }

                kind = triggerKind;
                trigger = new TriggerBinding(
                    type,
                    bindingName,
                    Route: Text(binding, "route"),
                    Methods: binding.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
                        ? methods.EnumerateArray().Select(m => m.GetString()!).ToArray()
                        : null,
                    AuthLevel: Enum.TryParse<AuthorizationLevel>(Text(binding, "authLevel"), ignoreCase: true, out var level) ? level : AuthorizationLevel.Function,
                    Schedule: Text(binding, "schedule"),
                    RunOnStartup: binding.TryGetProperty("runOnStartup", out var startup) && startup.ValueKind == JsonValueKind.True,
                    QueueName: Text(binding, "queueName"),
                    Connection: Text(binding, "connection"));
            }
            else if (type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            {
                throw new FunctionCatalogException($"Function '{name}' uses a {type}, which the local host cannot run (it runs httpTrigger, timerTrigger and queueTrigger).");
            }
            else if (string.Equals(type, "http", StringComparison.OrdinalIgnoreCase) && string.Equals(direction, "Out", StringComparison.OrdinalIgnoreCase))
            {
                // The HTTP response: whatever the method returns.
            }
            else if (string.Equals(type, "queue", StringComparison.OrdinalIgnoreCase) && string.Equals(direction, "Out", StringComparison.OrdinalIgnoreCase))
            {
                outputs.Add(new QueueOutputBinding(bindingName, Text(binding, "queueName") ?? throw new FunctionCatalogException($"Function '{name}': queue output '{bindingName}' has no queueName."), Text(binding, "connection")));
            }
            else
            {
                throw new FunctionCatalogException($"Function '{name}' has a {direction} binding of type {type} ('{bindingName}'), which the local host cannot run.");
            }
        }

        if (trigger is null)
        {
            throw new FunctionCatalogException($"Function '{name}' has no trigger.");
        }

        var parameter = method.GetParameters().FirstOrDefault(p => p.Name == trigger.ParameterName)
            ?? throw new FunctionCatalogException($"Function '{name}': the trigger binds parameter '{trigger.ParameterName}', which {method.DeclaringType?.Name}.{method.Name} does not have.");
        return new FunctionDefinition(name, method, kind, parameter, trigger, outputs);
    }

    private static MethodInfo ResolveMethod(Assembly assembly, string name, string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        var type = dot > 0 ? assembly.GetType(entryPoint[..dot]) : null;
        var method = type?.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == entryPoint[(dot + 1)..] && m.GetCustomAttribute<FunctionAttribute>()?.Name == name);
        return method ?? throw new FunctionCatalogException($"Function '{name}': entry point {entryPoint} is not a [Function(\"{name}\")] method in {assembly.GetName().Name}.");
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The local host cannot run what the function app's metadata declares; the message says what and why.</summary>
public sealed class FunctionCatalogException(string message) : Exception(message);
