using System.Net;
using System.Text.Json;
using Connector.EndToEndTests.Onboarding;
using Connector.Functions.Health;
using Connector.Functions.Http;
using Connector.LocalHost;
using FixtureFunctions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.EndToEndTests.LocalHost;

/// <summary>
/// The local host runs what the Functions host runs: the functions.metadata Worker.Sdk generated, nothing more,
/// nothing less; and an unhandled exception is the same problem+json 500 in both hosts.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly System.Reflection.Assembly ConnectorFunctions = typeof(HealthFunction).Assembly;

    [Test]
    public void Every_connector_function_is_in_the_generated_metadata_and_runnable_by_the_local_host()
    {
        var declared = FunctionCatalog.FunctionNames(ConnectorFunctions).Order().ToList();

        var runnable = FunctionCatalog.Discover([ConnectorFunctions]);

        Assert.That(declared, Is.Not.Empty);
        Assert.That(runnable.Select(f => f.Name).Order(), Is.EqualTo(declared), "functions.metadata lists exactly the [Function] methods");
        Assert.That(FunctionCatalog.MetadataPathFor(ConnectorFunctions), Does.EndWith("Connector.Functions.functions.metadata"));
    }

    [Test]
    public void Triggers_come_from_the_metadata_with_routes_auth_levels_schedules_and_queue_settings()
    {
        var functions = FunctionCatalog.Discover([ConnectorFunctions]).ToDictionary(f => f.Name);

        var health = functions[nameof(HealthFunction)];
        Assert.That(health.Kind, Is.EqualTo(TriggerKind.Http));
        Assert.That(health.Trigger.Route, Is.EqualTo("health"));
        Assert.That(health.Trigger.AuthLevel, Is.EqualTo(AuthorizationLevel.Anonymous));
        Assert.That(health.Trigger.Methods, Is.EqualTo(new[] { "get" }));

        var timer = functions.Values.Single(f => f.Name == "OrderPullTimer");
        Assert.That(timer.Trigger.Schedule, Is.EqualTo("%OrderPullSchedule%"));

        var worker = functions.Values.Single(f => f.Name == "OrderPullWorker");
        Assert.That(worker.Kind, Is.EqualTo(TriggerKind.Queue));
        Assert.That(worker.Trigger.QueueName, Is.EqualTo("%OrderPullQueue%"));
    }

    [Test]
    public void A_binding_the_local_host_cannot_run_stops_it_at_start_up_naming_the_function()
    {
        var path = Path.Combine(Path.GetTempPath(), $"functions-{Guid.NewGuid():N}.metadata");
        File.WriteAllText(path, JsonSerializer.Serialize(new[]
        {
            new
            {
                name = "OpenPing",
                scriptFile = "FixtureFunctions.dll",
                entryPoint = "FixtureFunctions.HttpFixtures.OpenPing",
                language = "dotnet-isolated",
                bindings = new object[] { new { name = "request", direction = "In", type = "blobTrigger", path = "labels/{name}" } },
            },
        }));
        try
        {
            var error = Assert.Throws<FunctionCatalogException>(() => FunctionCatalog.Load(typeof(FixtureRecorder).Assembly, path));

            Assert.That(error!.Message, Does.Contain("'OpenPing' uses a blobTrigger"));
            Assert.That(error.Message, Does.Contain("'SecureEcho' has [Function]").And.Contain("not in functions.metadata"), "a function missing from the metadata is named too");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Metadata_of_another_app_is_refused()
    {
        var connectorMetadata = FunctionCatalog.MetadataPathFor(ConnectorFunctions);

        var error = Assert.Throws<FunctionCatalogException>(() => FunctionCatalog.Load(typeof(FixtureRecorder).Assembly, connectorMetadata));

        Assert.That(error!.Message, Does.Contain("another app's"));
    }

    [Test]
    public async Task Unhandled_exception_on_the_local_host_is_a_problem_500_whose_reference_is_in_the_log()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await RunningHost.StartAsync(
            typeof(FixtureRecorder).Assembly,
            (services, _) => services.AddSingleton<FixtureRecorder>().AddSingleton<ILoggerProvider>(logs),
            new Dictionary<string, string?>
            {
                ["TickSchedule"] = "0 0 0 1 1 *",
                ["TypedQueue"] = "{prefix}-typed",
                ["FailingQueue"] = "{prefix}-failing",
                ["ForwardInQueue"] = "{prefix}-forward-in",
                ["ForwardOutQueue"] = "{prefix}-forward-out",
                ["SlowQueue"] = "{prefix}-slow",
            },
            Path.Combine(AppContext.BaseDirectory, "fixture.host.json"));

        using var response = await host.Http.GetAsync(new Uri("api/fixture/throws", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        AssertProblem500(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, logs);
    }

    [Test]
    public async Task Unhandled_exception_in_the_Azure_worker_is_the_same_problem_500_whose_reference_is_in_the_log()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var middleware = new UnhandledExceptionMiddleware(factory.CreateLogger<UnhandledExceptionMiddleware>());
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var context = new HttpFunctionContext(http, "ExplodingFunction");

        await middleware.Invoke(context, _ => throw new InvalidOperationException("secret-looking detail that must not reach the caller"));

        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        AssertProblem500((HttpStatusCode)http.Response.StatusCode, http.Response.ContentType, body, logs);
    }

    [Test]
    public void Queue_functions_in_the_Azure_worker_still_throw_so_the_host_retries_them()
    {
        var middleware = new UnhandledExceptionMiddleware(NullLogger<UnhandledExceptionMiddleware>.Instance);
        var context = new HttpFunctionContext(http: null, "QueueFunction");

        Assert.ThrowsAsync<InvalidOperationException>(() => middleware.Invoke(context, _ => throw new InvalidOperationException("retry me")));
    }

    private static void AssertProblem500(HttpStatusCode status, string? contentType, string body, CapturingLoggerProvider logs)
    {
        Assert.That(status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(contentType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(body);
        var reference = problem.RootElement.GetProperty("reference").GetString();
        Assert.That(reference, Is.Not.Null.And.Not.Empty);
        Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(500));
        Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain(reference));
        Assert.That(body, Does.Not.Contain("secret-looking"), "nothing of the exception reaches the caller");
        Assert.That(logs.Lines.Any(l => l.Contains(" Error ", StringComparison.Ordinal) && l.Contains(reference!, StringComparison.Ordinal) && l.Contains(nameof(InvalidOperationException), StringComparison.Ordinal)),
            "the log line carries the same reference and the exception");
    }

    /// <summary>The narrow seam of the worker: a FunctionContext carrying the HttpContext as the ASP.NET Core integration does.</summary>
    private sealed class HttpFunctionContext : FunctionContext
    {
        public HttpFunctionContext(HttpContext? http, string name)
        {
            if (http is not null)
            {
                Items["HttpRequestContext"] = http;
            }

            FunctionDefinition = new Definition(name);
        }

        public override string InvocationId => "invocation";

        public override string FunctionId => "function";

        public override TraceContext TraceContext => null!;

        public override BindingContext BindingContext => null!;

        public override RetryContext RetryContext => null!;

        public override IServiceProvider InstanceServices { get; set; } = new ServiceCollection().BuildServiceProvider();

        public override Microsoft.Azure.Functions.Worker.FunctionDefinition FunctionDefinition { get; }

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override Microsoft.Azure.Functions.Worker.IInvocationFeatures Features => null!;
    }

    private sealed class Definition(string name) : Microsoft.Azure.Functions.Worker.FunctionDefinition
    {
        public override System.Collections.Immutable.ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => "";

        public override string EntryPoint => "";

        public override string Id => name;

        public override string Name => name;

        public override System.Collections.Immutable.IImmutableDictionary<string, BindingMetadata> InputBindings => System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty;

        public override System.Collections.Immutable.IImmutableDictionary<string, BindingMetadata> OutputBindings => System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
