using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Connector.TikTok;

namespace Connector.Testing.TikTokReference;

/// <summary>One exchange as it went over the wire: the request and the answer's status and body.</summary>
public sealed record RecordedExchange(RecordedRequest Request, HttpStatusCode Status, string ResponseBody)
{
    public JsonNode? ResponseJson => Markdown.TryParse(ResponseBody);
}

/// <summary>
/// Records every exchange of an HttpClient (add it with <c>AddHttpMessageHandler(() => new RecordingHandler(log))</c>)
/// into a shared <see cref="ExchangeLog"/>, so a test can check a real server's answers (e.g. the simulator's) against
/// TikTok's reference with <see cref="ReferenceConformance.ResponseProblems"/>.
/// </summary>
public sealed class RecordingHandler(ExchangeLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = await RecordedRequest.FromAsync(request, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);

        // The content was read: give the caller a fresh copy with the same headers.
        var copy = new StringContent(body, Encoding.UTF8);
        copy.Headers.Clear();
        foreach (var header in response.Content.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = copy;
        log.Add(new RecordedExchange(recorded, response.StatusCode, body));
        return response;
    }
}

/// <summary>The exchanges a <see cref="RecordingHandler"/> saw, in order.</summary>
public sealed class ExchangeLog
{
    private readonly ConcurrentQueue<RecordedExchange> exchanges = new();

    public IReadOnlyList<RecordedExchange> All => exchanges.ToArray();

    public void Add(RecordedExchange exchange) => exchanges.Enqueue(exchange);

    public void Clear() => exchanges.Clear();
}

/// <summary>
/// A hand-made, signed Open API request (TikTok's common parameters, signed with <see cref="TikTokSigner"/>), for tests
/// that need what the client never sends: an old or future timestamp, no shop_cipher, a wrong token.
/// </summary>
public static class SignedRequest
{
    public static HttpRequestMessage Create(Uri baseUri, string appKey, string appSecret, HttpMethod method, string path, string? accessToken,
        long timestamp, string? shopCipher = null, string? body = null, IEnumerable<KeyValuePair<string, string>>? query = null, bool sign = true)
    {
        var parameters = new List<KeyValuePair<string, string>>(query ?? [])
        {
            new("app_key", appKey),
            new("timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (shopCipher is not null)
        {
            parameters.Add(new("shop_cipher", shopCipher));
        }

        if (sign)
        {
            parameters.Add(new("sign", TikTokSigner.Sign(appSecret, path, parameters, body)));
        }

        var uri = new Uri(baseUri, path.TrimStart('/') + "?" + string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        var request = new HttpRequestMessage(method, uri);
        if (accessToken is not null)
        {
            request.Headers.TryAddWithoutValidation("x-tts-access-token", accessToken);
        }

        request.Content = body is null ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return request;
    }
}
