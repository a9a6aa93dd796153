using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Connector.Telemetry;

public static class DependencyInjection
{
    /// <summary>
    /// <see cref="ConnectorMetrics"/> always (recording with no listener costs next to nothing), and, only when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, an OpenTelemetry meter provider that exports the
    /// <see cref="ConnectorMetrics.MeterName"/> meter to Application Insights with the Azure Monitor exporter.
    /// Logs, requests and dependencies are the Application Insights worker service's job (functions/Program.cs).
    /// </summary>
    public static IServiceCollection AddConnectorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.TryAddSingleton<ConnectorMetrics>();

        var connectionString = TelemetrySettings.ConnectionString(configuration);
        if (connectionString is not null)
        {
            var credential = TelemetrySettings.Credential(configuration);
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(ConnectorMetrics.MeterName)
                .AddAzureMonitorMetricExporter(options =>
                {
                    options.ConnectionString = connectionString;
                    if (credential is not null)
                    {
                        options.Credential = credential;
                    }
                }));
        }

        return services;
    }
}
