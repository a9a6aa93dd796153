using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Azure.Functions.Worker;

namespace Connector.UnitTests.WorkerContract;

/// <summary>
/// tools/WorkerContract stands in for the worker packages in the local build. Where a real worker
/// assembly restores here (Microsoft.Azure.Functions.Worker.Extensions.Http 3.1.0), its types must
/// match the contract exactly: namespace, constructors, properties and enum values.
/// </summary>
public sealed class WorkerContractTests
{
    private static readonly string ReferencePath = Path.Combine(AppContext.BaseDirectory, "reference", "Microsoft.Azure.Functions.Worker.Extensions.Http.dll");

    private static MetadataLoadContext LoadReference()
    {
        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll");
        return new MetadataLoadContext(new PathAssemblyResolver(runtime.Append(ReferencePath)));
    }

    [TestCase(typeof(HttpTriggerAttribute))]
    [TestCase(typeof(AuthorizationLevel))]
    public void Contract_type_matches_the_real_worker_type(Type contractType)
    {
        using var context = LoadReference();
        var real = context.LoadFromAssemblyPath(ReferencePath).GetType(contractType.FullName!);

        Assert.That(real, Is.Not.Null, $"{contractType.FullName} is not in the real assembly");
        Assert.That(Constructors(contractType), Is.EquivalentTo(Constructors(real!)), "constructors");
        Assert.That(Properties(contractType), Is.EquivalentTo(Properties(real!)), "properties");
        if (contractType.IsEnum)
        {
            Assert.That(EnumValues(contractType), Is.EquivalentTo(EnumValues(real!)), "enum values");
        }
    }

    [Test]
    public void Every_public_contract_type_lives_in_the_worker_namespace()
    {
        var types = typeof(FunctionAttribute).Assembly.GetExportedTypes();

        Assert.That(types.Select(t => t.Namespace), Is.All.EqualTo("Microsoft.Azure.Functions.Worker"));
        Assert.That(types.Select(t => t.Name), Is.EquivalentTo(new[]
        {
            "FunctionAttribute", "AuthorizationLevel", "HttpTriggerAttribute", "TimerTriggerAttribute", "TimerInfo",
            "ScheduleStatus", "QueueTriggerAttribute", "QueueOutputAttribute",
        }));
    }

    private static IEnumerable<string> Constructors(Type type) =>
        type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Select(c => string.Join(",", c.GetParameters().Select(p => p.ParameterType.FullName)));

    private static IEnumerable<string> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => $"{p.Name}:{p.PropertyType.FullName}:get={p.GetMethod?.IsPublic}:set={p.SetMethod?.IsPublic}");

    private static IEnumerable<string> EnumValues(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => $"{f.Name}={Convert.ToInt32(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}");
}
