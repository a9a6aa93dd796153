using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Connector.TikTok.Http;

/// <summary>
/// Reads <c>{ "code", "message", "request_id", "data" }</c>: success only when the HTTP status is 2xx and
/// <c>code == 0</c>; anything else becomes a <see cref="TikTokException"/> with its kind and request id.
/// </summary>
internal static class TikTokEnvelope
{
    public static T Read<T>(string path, HttpStatusCode status, RetryConditionHeaderValue? retryAfterHeader, byte[] body, JsonTypeInfo<T> dataType)
    {
        var retryAfter = ParseRetryAfter(retryAfterHeader);
        var http = (int)status;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // A gateway's HTML page or a cut-off body: the status decides; a 2xx with garbage is transient.
            var kind = http is >= 200 and < 300 ? TikTokErrorKind.Transient : TikTokErrorCodes.Classify(null, status);
            throw new TikTokException(kind, path, "the answer is not a JSON envelope", httpStatus: http, retryAfter: retryAfter);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TikTokException(TikTokErrorKind.Transient, path, "the answer is not a JSON envelope", httpStatus: http, retryAfter: retryAfter);
            }

            long? code = root.TryGetProperty("code", out var codeElement) && codeElement.TryGetInt64(out var number) ? number : null;
            var message = root.TryGetProperty("message", out var messageElement) && messageElement.ValueKind == JsonValueKind.String ? messageElement.GetString() ?? "" : "";
            var requestId = root.TryGetProperty("request_id", out var requestElement) && requestElement.ValueKind == JsonValueKind.String ? requestElement.GetString() : null;

            if (code != TikTokErrorCodes.Success || http is < 200 or >= 300)
            {
                var kind = code is null && http is >= 200 and < 300 ? TikTokErrorKind.Transient : TikTokErrorCodes.Classify(code, status, message);
                var detail = code is null ? "the answer has no envelope code" : message;
                throw new TikTokException(kind, path, detail, code, requestId, http, retryAfter);
            }

            try
            {
                var data = root.TryGetProperty("data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null
                    ? dataElement.Deserialize(dataType)
                    : JsonSerializer.Deserialize("{}", dataType);
                return data ?? throw new JsonException("data is null");
            }
            catch (JsonException e)
            {
                throw new TikTokException(TikTokErrorKind.Unknown, path, $"data does not match the expected shape: {e.Message}", code, requestId, http, innerException: e);
            }
        }
    }

    internal static TimeSpan? ParseRetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
