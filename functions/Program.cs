// Azure build only (the local build runs these classes in tools/LocalHost, which calls the same AddConnector).
using Connector;
using Connector.Telemetry;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

// Telemetry only when Application Insights is configured, so local runs need nothing. Logs, requests and
// dependencies go through the Application Insights worker service; AddConnector adds the connector's
// counters (meter "TikTokConnector") through OpenTelemetry's Azure Monitor exporter. infra/ turns local auth
// off, so both send with the managed identity named in APPLICATIONINSIGHTS_AUTHENTICATION_STRING.
if (TelemetrySettings.IsEnabled(builder.Configuration))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
    if (TelemetrySettings.Credential(builder.Configuration) is { } credential)
    {
        builder.Services.Configure<TelemetryConfiguration>(configuration => configuration.SetAzureTokenCredential(credential));
    }
}

builder.Services.AddConnector(builder.Configuration);

builder.Build().Run();
