using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Connector.Functions.Http;

/// <summary>
/// The worker's edge for HTTP functions: an exception a handler did not turn into a problem becomes the same
/// problem+json 500 that tools/LocalHost writes (<see cref="UnhandledProblem"/>), with its reference in the log line.
/// Queue and timer functions rethrow, so the host's retries and poison queues still work.
/// </summary>
public sealed class UnhandledExceptionMiddleware(ILogger<UnhandledExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { } http && !http.Response.HasStarted)
        {
            await UnhandledProblem.WriteAsync(http, exception, context.FunctionDefinition.Name, logger);
        }
    }
}
