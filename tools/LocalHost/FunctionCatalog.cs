using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Connector.LocalHost;

public enum TriggerKind
{
    Http,
    Timer,
    Queue,
}

/// <summary>One <c>[Function]</c> method and its trigger, found by reflection.</summary>
public sealed record FunctionDefinition(string Name, MethodInfo Method, TriggerKind Kind, ParameterInfo TriggerParameter, Attribute Trigger)
{
    public QueueOutputAttribute? QueueOutput => Method.GetCustomAttribute<QueueOutputAttribute>();
}

public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDefinition> Discover(IEnumerable<Assembly> assemblies)
    {
        var functions = new List<FunctionDefinition>();
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null)
                {
                    continue;
                }

                functions.Add(Describe(function.Name, method));
            }
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two functions are named {duplicate.Key}.");
        }

        return functions;
    }

    private static FunctionDefinition Describe(string name, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                return new FunctionDefinition(name, method, TriggerKind.Http, parameter, http);
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                return new FunctionDefinition(name, method, TriggerKind.Timer, parameter, timer);
            }

            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                return new FunctionDefinition(name, method, TriggerKind.Queue, parameter, queue);
            }
        }

        throw new InvalidOperationException($"Function {name} ({method.DeclaringType?.Name}.{method.Name}) has no trigger the local host supports.");
    }
}
