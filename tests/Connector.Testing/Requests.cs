using System.Text;
using System.Text.Json;
using Connector.Http;
using Microsoft.AspNetCore.Http;

namespace Connector.Testing;

/// <summary>Request readers over an in-memory request, for unit tests of request records' <c>Bind</c>.</summary>
public static class Requests
{
    /// <summary>A reader whose body is <paramref name="body"/> serialized as JSON (null: no body) and whose query is <paramref name="query"/>.</summary>
    public static RequestReader Reader(object? body, DateTimeOffset now, string query = "")
    {
        var http = new DefaultHttpContext();
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body as string ?? JsonSerializer.Serialize(body));
        http.Request.Body = new MemoryStream(bytes);
        http.Request.QueryString = new QueryString(query.Length == 0 || query.StartsWith('?') ? query : "?" + query);
        var (reader, refusal) = RequestReader.ReadAsync(http.Request, now, RequestBody.MaxBytes, CancellationToken.None).GetAwaiter().GetResult();
        return reader ?? throw new InvalidOperationException("The body was refused: " + refusal!.Detail);
    }
}
