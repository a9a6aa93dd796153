using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connector.LocalHost;

public sealed class LocalHostOptions
{
    public required IReadOnlyList<Assembly> FunctionAssemblies { get; init; }

    /// <summary>Registers the application's services (for the connector: <c>AddConnector</c>, as in the Azure Program.cs).</summary>
    public required Action<IServiceCollection, IConfiguration> ConfigureServices { get; init; }

    public string? SettingsPath { get; init; }

    public string? HostJsonPath { get; init; }

    /// <summary>Port to listen on; null means <c>--port</c>, else local.settings.json's Host.LocalHttpPort, else 7071 (as <c>func start</c>).</summary>
    public int? Port { get; init; }

    /// <summary>Settings that win over the file and the environment (tests use them).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    public string[] Args { get; init; } = [];
}

/// <summary>Builds an ASP.NET Core app that runs [Function] classes as the Azure Functions host would.</summary>
public static class LocalFunctionsHost
{
    public const int DefaultPort = 7071;

    public static WebApplication Build(LocalHostOptions options)
    {
        var settings = LocalSettings.Load(options.SettingsPath);
        var hostJson = HostJson.Load(options.HostJsonPath);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = options.Args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings.Values);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(options.Args);
        builder.Configuration.AddInMemoryCollection(options.Overrides);
        var port = options.Port
            ?? (int.TryParse(builder.Configuration["port"], CultureInfo.InvariantCulture, out var fromArgs) ? fromArgs : (int?)null)
            ?? settings.LocalHttpPort
            ?? DefaultPort;
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.IncludeScopes = false;
        });
        // ASP.NET Core's request log prints URLs, and URLs carry keys (?code=) and OAuth codes: keep it to warnings.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = QueueTriggerService.ShutdownGracePeriod + TimeSpan.FromSeconds(10));

        builder.Services.AddMvcCore();
        builder.Services.AddProblemDetails();
        builder.Services.AddRouting();
        options.ConfigureServices(builder.Services, builder.Configuration);

        var functions = FunctionCatalog.Discover(options.FunctionAssemblies);
        builder.Services.AddSingleton<QueueWatcher>();
        foreach (var function in functions)
        {
            switch (function.Kind)
            {
                case TriggerKind.Timer:
                    builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<TimerTriggerService>(sp, function));
                    break;
                case TriggerKind.Queue:
                    builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueueTriggerService>(sp, function, hostJson.Queues));
                    break;
            }
        }

        builder.Services.TryAddSingleton(TimeProvider.System); // a test host may bring its own clock
        DevelopmentSignIn.Add(builder); // App Service Authentication's headers and the host's key check, as in Azure
        var app = builder.Build();
        var routes = HttpTriggers.Map(app, functions, hostJson.RoutePrefix);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LocalHost");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var line in routes)
            {
                logger.LogInformation("Function {Route}", line);
            }

            foreach (var function in functions.Where(f => f.Kind != TriggerKind.Http))
            {
                logger.LogInformation("Function {FunctionName}: {Kind} trigger", function.Name, function.Kind);
            }

            logger.LogInformation("Local Functions host listening on http://127.0.0.1:{Port}", port);
        });
        return app;
    }
}
