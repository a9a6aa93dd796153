using System.Net.Http.Json;
using System.Text.Json;

namespace Connector.Soak;

/// <summary>
/// The merchant's back office and support staff, over HTTP with the function key, as a warehouse system behaves: a
/// request that got no answer or a transient one (no connection while the worker restarts, 5xx, 429) is sent again,
/// unchanged (same idempotency key), until it gets a final answer or its patience runs out.
/// </summary>
public sealed class BackOffice(Uri baseUri, string functionKey) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(20) };
    private readonly List<string> responses = [];
    private int requests;
    private int retried;

    /// <summary>Every answer's body (for the secret scan).</summary>
    public IReadOnlyList<string> Responses
    {
        get
        {
            lock (responses)
            {
                return responses.ToList();
            }
        }
    }

    public int Requests => requests;

    public int Retried => retried;

    /// <summary>Status 0: no final answer within <paramref name="patience"/>.</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null, TimeSpan? patience = null)
    {
        var until = DateTimeOffset.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        var last = (Status: 0, Body: default(JsonElement));
        while (true)
        {
            Interlocked.Increment(ref requests);
            try
            {
                using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
                request.Headers.Add("x-functions-key", functionKey);
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                lock (responses)
                {
                    responses.Add(text);
                }

                var json = text.Length > 0 && text.TrimStart() is ['{', ..] or ['[', ..] ? JsonDocument.Parse(text).RootElement.Clone() : default;
                last = ((int)response.StatusCode, json);
                if (last.Status is < 500 and not 429 and not 408)
                {
                    return last;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = (0, default);
            }

            if (DateTimeOffset.UtcNow >= until)
            {
                return (0, last.Body);
            }

            Interlocked.Increment(ref retried);
            await Task.Delay(TimeSpan.FromMilliseconds(700));
        }
    }

    /// <summary>The first string property called <paramref name="name"/>, depth first (e.g. a shipment's or label's status).</summary>
    public static string? Find(JsonElement element, string name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals(name) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        return property.Value.GetString();
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (Find(property.Value, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    public void Dispose() => http.Dispose();
}
