using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Connector.Http;

/// <summary>A response that is a file (a label PDF, a CSV export), not JSON.</summary>
public sealed record FileBody(byte[] Content, string ContentType, string? FileName = null);

/// <summary>A readable HTML page for a person in a browser (the seller on the OAuth pages).</summary>
public sealed record PageBody(string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<string>? Items = null);

/// <summary>304: the caller's copy (its If-None-Match) is current.</summary>
public sealed record NotModifiedBody;

/// <summary>A redirect (302) the browser follows, e.g. to TikTok's authorization page.</summary>
public sealed record RedirectBody(Uri Url);

/// <summary>
/// The one HTTP edge every endpoint goes through: it reads the body (bounded: 413 when too large; 400 when a record reads it and it is not JSON),
/// binds the request record with its <c>Bind</c> (every bad field named, 400, before anything runs), calls the
/// operation, and turns its <see cref="Outcome{T}"/> into the response: a named record as JSON, a file, or a page; a
/// <see cref="Refusal"/> into problem+json whose reference id is in the log line. Exceptions are not caught here:
/// the worker's middleware (and tools/LocalHost) answer them as a problem+json 500 with a logged reference.
/// </summary>
public sealed partial class HttpEdge(TimeProvider time, AdminAccess access, ILogger<HttpEdge> logger)
{
    /// <summary>Binds, validates and runs an operation; its answer or refusal becomes the response.</summary>
    public async Task<IActionResult> RunAsync<TRequest, TResponse>(
        HttpRequest http,
        Func<RequestReader, TRequest> bind,
        Func<TRequest, CancellationToken, Task<Outcome<TResponse>>> operation,
        CancellationToken cancellationToken,
        int maxBodyBytes = RequestBody.MaxBytes)
        where TResponse : notnull
    {
        ArgumentNullException.ThrowIfNull(http);
        return Answer(http, await OutcomeOfAsync(http, bind, operation, maxBodyBytes, cancellationToken));
    }

    /// <summary>
    /// <see cref="RunAsync"/> for a person in a browser (the seller on the OAuth pages): a refusal is a readable HTML page
    /// with its reference, not problem+json; the answer is a <see cref="PageBody"/> or a <see cref="RedirectBody"/>.
    /// </summary>
    public async Task<IActionResult> RunPageAsync<TRequest, TResponse>(
        HttpRequest http,
        Func<RequestReader, TRequest> bind,
        Func<TRequest, CancellationToken, Task<Outcome<TResponse>>> operation,
        CancellationToken cancellationToken)
        where TResponse : notnull
    {
        ArgumentNullException.ThrowIfNull(http);
        var outcome = await OutcomeOfAsync(http, bind, operation, RequestBody.MaxBytes, cancellationToken);
        if (outcome.Refusal is not { } refusal)
        {
            return Answer(http, outcome);
        }

        var reference = Log(http, refusal);
        IReadOnlyList<string> paragraphs = refusal.Advice is { } advice ? [refusal.Detail, advice] : [refusal.Detail];
        return HtmlPage.Error(Problems.StatusOf(refusal.Kind), refusal.Title ?? "This request cannot be completed", paragraphs, reference);
    }

    /// <summary>
    /// <see cref="RunAsync"/> for the admin API: a signed-in person or a checked function key (<see cref="AdminAccess"/>),
    /// else 401 before anything is read; the request record can name the caller for the audit log (<see cref="RequestReader.Caller"/>).
    /// </summary>
    public Task<IActionResult> RunAdminAsync<TRequest, TResponse>(
        HttpRequest http,
        Func<RequestReader, TRequest> bind,
        Func<TRequest, CancellationToken, Task<Outcome<TResponse>>> operation,
        CancellationToken cancellationToken,
        int maxBodyBytes = RequestBody.MaxBytes)
        where TResponse : notnull
    {
        ArgumentNullException.ThrowIfNull(http);
        if (AdminCaller.Identify(http, access.TrustsPrincipalHeaders) is not { } caller)
        {
            return Task.FromResult(Answer(http, AdminAccess.SignInRequired));
        }

        AdminCaller.Remember(http, caller);
        return RunAsync(http, bind, operation, cancellationToken, maxBodyBytes);
    }

    /// <summary>The response for an outcome (used by <see cref="RunAsync"/>; public for edges that are not plain endpoints).</summary>
    public IActionResult Answer<T>(HttpRequest http, Outcome<T> outcome) where T : notnull
    {
        if (outcome.Refusal is { } refusal)
        {
            return Answer(http, refusal);
        }

        var response = http.HttpContext.Response;
        if (outcome.Location is { } location)
        {
            response.Headers.Location = location;
        }

        foreach (var (name, value) in outcome.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        return outcome.Value switch
        {
            FileBody file => new FileContentResult(file.Content, file.ContentType) { FileDownloadName = file.FileName },
            StreamBody stream => new StreamBody.Result(stream, outcome.Status),
            PageBody page => HtmlPage.Ok(page.Title, page.Paragraphs, page.Items),
            RedirectBody redirect => new RedirectResult(redirect.Url.ToString()),
            NotModifiedBody => new StatusCodeResult(StatusCodes.Status304NotModified),
            var value => Problems.Json(value!, outcome.Status),
        };
    }

    /// <summary>The problem for a refusal, its reference written to the log with the request's path (never its query).</summary>
    public IActionResult Answer(HttpRequest http, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(refusal);
        var reference = Log(http, refusal);
        foreach (var (name, value) in refusal.Headers ?? new Dictionary<string, string>())
        {
            http.HttpContext.Response.Headers[name] = value;
        }

        if (refusal.RetryAfter is { } retryAfter)
        {
            http.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Problems.From(refusal, reference);
    }

    /// <summary>Reads the body, binds the request record and runs the operation; a body or binding refusal is the outcome.</summary>
    private async Task<Outcome<TResponse>> OutcomeOfAsync<TRequest, TResponse>(
        HttpRequest http, Func<RequestReader, TRequest> bind, Func<TRequest, CancellationToken, Task<Outcome<TResponse>>> operation, int maxBodyBytes,
        CancellationToken cancellationToken)
        where TResponse : notnull
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(operation);
        var (reader, refusal) = await RequestReader.ReadAsync(http, time.GetUtcNow(), maxBodyBytes, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var request = bind(reader!);
        return reader!.HasErrors ? reader.ToRefusal() : await operation(request, cancellationToken);
    }

    /// <summary>Writes the refusal's log line (path, never the query: it may hold an OAuth code) and answers its reference.</summary>
    private string Log(HttpRequest http, Refusal refusal)
    {
        var reference = refusal.Reference ?? Problems.NewReference();
        var status = Problems.StatusOf(refusal.Kind);
        if (status >= 500)
        {
            LogDependencyRefusal(logger, http.Method, http.Path.Value ?? "", status, refusal.Detail, reference);
        }
        else
        {
            LogRefusal(logger, http.Method, http.Path.Value ?? "", status, refusal.Detail, reference);
        }

        return reference;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "{Method} {Path} refused with {Status}: {Detail} (reference {Reference})")]
    private static partial void LogRefusal(ILogger logger, string method, string path, int status, string detail, string reference);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status}: {Detail} (reference {Reference})")]
    private static partial void LogDependencyRefusal(ILogger logger, string method, string path, int status, string detail, string reference);
}
