using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Http;

/// <summary>
/// A file streamed to the caller as it is produced (a CSV export page by page, a PDF from blob storage), never held in
/// memory whole; <see cref="FileBody"/> is for small files. <see cref="Write"/> gets the response body and the
/// request's abort token.
/// </summary>
public sealed record StreamBody(string ContentType, string? FileName, Func<Stream, CancellationToken, Task> Write)
{
    /// <summary>The length when known (sent as Content-Length).</summary>
    public long? Length { get; init; }

    /// <summary>Writes the body as the response (used by <see cref="HttpEdge.Answer{T}"/>).</summary>
    internal sealed class Result(StreamBody body, int status) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = body.ContentType;
            response.ContentLength = body.Length;
            if (body.FileName is { } name)
            {
                response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            }

            await body.Write(response.Body, context.HttpContext.RequestAborted);
        }
    }
}
