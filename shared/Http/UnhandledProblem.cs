using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.Http;

/// <summary>
/// The one answer to an exception no handler turned into a problem, in both hosts (the worker's middleware in
/// Azure, tools/LocalHost here): problem+json 500 with a reference id that is also in the error log line, and
/// nothing of the exception (no message, no stack, so nothing secret) in the body.
/// </summary>
public static partial class UnhandledProblem
{
    public const string Title = "Something went wrong on our side";

    public static async Task WriteAsync(HttpContext http, Exception exception, string functionName, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(exception);
        var reference = Problems.NewReference();
        LogUnhandled(logger, exception, functionName, reference);

        var body = new Dictionary<string, object?>
        {
            ["type"] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
            ["title"] = Title,
            ["status"] = StatusCodes.Status500InternalServerError,
            ["detail"] = $"The request failed unexpectedly and may not have been carried out. Quote reference {reference} to support.",
            ["reference"] = reference,
        };
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.ContentType = Problems.ContentType;
        await http.Response.WriteAsync(JsonSerializer.Serialize(body, Problems.JsonOptions), http.RequestAborted);
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled exception in function {FunctionName}; problem reference {Reference}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string functionName, string reference);
}
