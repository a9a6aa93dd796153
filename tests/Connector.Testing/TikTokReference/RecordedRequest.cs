using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Connector.Testing.TikTokReference;

/// <summary>One HTTP request as it went on the wire: method, path, decoded query (in order), headers and body text.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyDictionary<string, string> Headers,
    string? Body)
{
    public string? QueryValue(string name) => Query.FirstOrDefault(q => q.Key == name).Value;

    public JsonNode? BodyJson => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);

    public static async Task<RecordedRequest> FromAsync(HttpRequestMessage request, CancellationToken ct = default)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers)
        {
            headers[h.Key] = string.Join(",", h.Value);
        }

        string? body = null;
        if (request.Content is not null)
        {
            foreach (var h in request.Content.Headers)
            {
                headers[h.Key] = string.Join(",", h.Value);
            }

            body = await request.Content.ReadAsStringAsync(ct);
        }

        return new RecordedRequest(request.Method, uri.AbsolutePath, ParseQuery(uri.Query), headers, body);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = WebUtility.UrlDecode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : WebUtility.UrlDecode(part[(eq + 1)..]);
            list.Add(new(key, value));
        }

        return list;
    }

    public override string ToString()
    {
        var sb = new StringBuilder($"{Method} {Path}");
        if (Query.Count > 0)
        {
            sb.Append('?').AppendJoin('&', Query.Where(q => q.Key != "sign").Select(q => $"{q.Key}={q.Value}"));
        }

        return sb.ToString();
    }
}

/// <summary>
/// An HTTP handler that plays TikTok from its own reference: every request is recorded and answered with the
/// matching endpoint's documented example response (<c>response_body</c>), or a per-endpoint override. An undocumented
/// path or method gets HTTP 404 with a TikTok envelope (code 36009009) and is recorded too, so a test can list them.
/// Use it under the real client (e.g. <c>new HttpClient(handler) { BaseAddress = ... }</c>) to check what the client
/// sends (<see cref="ReferenceConformance.RequestProblems"/>) and that it parses TikTok's examples.
/// </summary>
public sealed class ReferenceResponder(TikTokReference reference) : HttpMessageHandler
{
    private readonly Dictionary<EndpointSpec, Func<RecordedRequest, string>> overrides = [];
    private readonly List<(RecordedRequest Request, EndpointSpec? Endpoint)> calls = [];
    private readonly Lock gate = new();

    public ReferenceResponder() : this(TikTokReference.Default)
    {
    }

    public TikTokReference Reference => reference;

    /// <summary>Every request so far with the endpoint it matched (null: not documented).</summary>
    public IReadOnlyList<(RecordedRequest Request, EndpointSpec? Endpoint)> Calls
    {
        get
        {
            lock (gate)
            {
                return calls.ToList();
            }
        }
    }

    /// <summary>Answer this endpoint with another body (the whole envelope as JSON text).</summary>
    public ReferenceResponder Answer(EndpointSpec endpoint, Func<RecordedRequest, string> body)
    {
        lock (gate)
        {
            overrides[endpoint] = body;
        }

        return this;
    }

    public ReferenceResponder Answer(EndpointSpec endpoint, string body) => Answer(endpoint, _ => body);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = await RecordedRequest.FromAsync(request, cancellationToken);
        var endpoint = reference.TryEndpoint(recorded.Method, recorded.Path);
        Func<RecordedRequest, string>? answer = null;
        lock (gate)
        {
            calls.Add((recorded, endpoint));
            if (endpoint is not null)
            {
                overrides.TryGetValue(endpoint, out answer);
            }
        }

        if (endpoint is null)
        {
            return Json(HttpStatusCode.NotFound,
                "{\"code\":36009009,\"message\":\"The reference documents no such endpoint.\",\"request_id\":\"reference-404\",\"data\":{}}");
        }

        var body = answer?.Invoke(recorded) ?? endpoint.ResponseBodyExampleText
            ?? "{\"code\":0,\"message\":\"Success\",\"request_id\":\"reference\",\"data\":{}}";
        return Json(HttpStatusCode.OK, body);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
