using System.Reflection;
using Connector.LocalHost;
using Connector.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests;

/// <summary>tools/LocalHost serving some function assemblies on a free loopback port, with the run's emulators.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    public const string FunctionKey = "test-function-key";
    public const string MasterKey = "test-master-key";

    private RunningHost(WebApplication app, int port, string prefix)
    {
        App = app;
        Prefix = prefix;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    /// <summary>This host's table and queue prefix.</summary>
    public string Prefix { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<RunningHost> StartAsync(
        Assembly functions,
        Action<IServiceCollection, IConfiguration> configureServices,
        IDictionary<string, string?>? settings = null,
        string? hostJsonPath = null)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var overrides = TestEnvironment.Current.CreateSettings(prefix);
        overrides[HttpTriggers.FunctionKeySetting] = FunctionKey;
        overrides[HttpTriggers.MasterKeySetting] = MasterKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value?.Replace("{prefix}", prefix, StringComparison.Ordinal);
        }

        var port = Azurite.FreePort();
        var app = LocalFunctionsHost.Build(new LocalHostOptions
        {
            FunctionAssemblies = [functions],
            ConfigureServices = configureServices,
            HostJsonPath = hostJsonPath,
            Port = port,
            Overrides = overrides,
        });
        await app.StartAsync();
        return new RunningHost(app, port, prefix);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
