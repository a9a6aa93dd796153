using Connector;
using Connector.Functions.Health;
using Connector.LocalHost;

// Runs the connector's function app from its functions.metadata: `dotnet run --project tools/LocalHost`
// (scripts/run-local.sh does this). Reads local.settings.json and host.json from the repository root.
var root = RepositoryRoot.Find();
var app = LocalFunctionsHost.Build(new LocalHostOptions
{
    FunctionAssemblies = [typeof(HealthFunction).Assembly],
    ConfigureServices = (services, configuration) => services.AddConnector(configuration),
    SettingsPath = Environment.GetEnvironmentVariable("LOCALHOST_SETTINGS") ?? Path.Combine(root, "local.settings.json"),
    HostJsonPath = Path.Combine(root, "host.json"),
    Args = args,
});
await app.RunAsync();
