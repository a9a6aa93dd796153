// The Azure Functions isolated worker: the Functions host (in Azure, or Core Tools) starts this process and reads
// functions.metadata, which Worker.Sdk generates from the [Function] classes. tools/LocalHost reads the same file
// and runs the same classes with the same AddConnector, so both hosts wire identical services.
using Connector;
using Connector.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

// Any exception an HTTP function does not handle becomes a problem+json 500 with a logged reference id.
builder.UseMiddleware<UnhandledExceptionMiddleware>();

builder.Services.AddConnector(builder.Configuration);

// One telemetry pipeline (OpenTelemetry): the worker's own instrumentation here, the connector's meter and the
// Azure Monitor exporter (only when APPLICATIONINSIGHTS_CONNECTION_STRING is set) in AddConnectorTelemetry.
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();

await builder.Build().RunAsync();
