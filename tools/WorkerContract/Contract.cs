// Types only: the same namespaces and public surface as Microsoft.Azure.Functions.Worker.*.
// Used by the local build (-p:FunctionsHost=Local); the Azure build uses the real packages.
namespace Microsoft.Azure.Functions.Worker;

/// <summary>Microsoft.Azure.Functions.Worker.Extensions.Abstractions.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FunctionAttribute : Attribute
{
    public FunctionAttribute(string name) => Name = name;

    public string Name { get; }
}

/// <summary>Microsoft.Azure.Functions.Worker.Extensions.Http.</summary>
public enum AuthorizationLevel
{
    Anonymous = 0,
    User = 1,
    Function = 2,
    System = 3,
    Admin = 4,
}

/// <summary>Microsoft.Azure.Functions.Worker.Extensions.Http.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class HttpTriggerAttribute : Attribute
{
    public HttpTriggerAttribute() => AuthLevel = AuthorizationLevel.Function;

    public HttpTriggerAttribute(params string[] methods) : this() => Methods = methods;

    public HttpTriggerAttribute(AuthorizationLevel authLevel) => AuthLevel = authLevel;

    public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
    {
        AuthLevel = authLevel;
        Methods = methods;
    }

    public string? Route { get; set; }

    public string[]? Methods { get; private set; }

    public AuthorizationLevel AuthLevel { get; private set; }
}

/// <summary>Microsoft.Azure.Functions.Worker.Extensions.Timer.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class TimerTriggerAttribute : Attribute
{
    public TimerTriggerAttribute(string schedule)
    {
        Schedule = schedule;
        UseMonitor = true;
    }

    public string Schedule { get; }

    public bool RunOnStartup { get; set; }

    public bool UseMonitor { get; set; }
}

/// <summary>Microsoft.Azure.Functions.Worker.Extensions.Timer.</summary>
public class TimerInfo
{
    public ScheduleStatus? ScheduleStatus { get; set; }

    public bool IsPastDue { get; set; }
}

/// <summary>Microsoft.Azure.Functions.Worker.Extensions.Timer.</summary>
public class ScheduleStatus
{
    public DateTime Last { get; set; }

    public DateTime Next { get; set; }

    public DateTime LastUpdated { get; set; }
}

/// <summary>Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class QueueTriggerAttribute : Attribute
{
    public QueueTriggerAttribute(string queueName) => QueueName = queueName;

    public string QueueName { get; }

    public string? Connection { get; set; }
}

/// <summary>Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class QueueOutputAttribute : Attribute
{
    public QueueOutputAttribute(string queueName) => QueueName = queueName;

    public string QueueName { get; }

    public string? Connection { get; set; }
}
