using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Connector.Telemetry;

public static class DependencyInjection
{
    /// <summary>
    /// One telemetry pipeline, OpenTelemetry: <see cref="ConnectorMetrics"/> (meter <see cref="ConnectorMetrics.MeterName"/>)
    /// always, and the Azure Monitor exporter for logs, traces and metrics only when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, so local runs need nothing. The Azure worker adds the
    /// Functions worker's own instrumentation to the same builder (<c>UseFunctionsWorkerDefaults</c> in functions/Program.cs).
    /// </summary>
    public static IServiceCollection AddConnectorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.TryAddSingleton<ConnectorMetrics>();

        var connectionString = TelemetrySettings.ConnectionString(configuration);
        if (connectionString is not null)
        {
            var credential = TelemetrySettings.Credential(configuration);
            services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics.AddMeter(ConnectorMetrics.MeterName))
                .UseAzureMonitorExporter(options =>
                {
                    options.ConnectionString = connectionString;
                    if (credential is not null)
                    {
                        options.Credential = credential;
                    }
                });
        }

        return services;
    }
}
