using System.Security.Cryptography;
using System.Text.Json;

namespace TikTokSimulator;

/// <summary>Every answer, errors included: <c>{ code, message, request_id, data }</c>.</summary>
internal static class Envelope
{
    private const string RequestIdKey = "sim.request_id";

    public static string RequestId(HttpContext context)
    {
        if (context.Items[RequestIdKey] is string id)
        {
            return id;
        }

        id = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        context.Items[RequestIdKey] = id;
        return id;
    }

    public static IResult Ok(HttpContext context, SimulatorState state, Func<object?> data)
    {
        var requestId = RequestId(context);
        var bytes = state.Snapshot(() => new { code = 0, message = "Success", request_id = requestId, data = data() });
        return Results.Bytes(bytes, "application/json");
    }

    public static Task WriteErrorAsync(HttpContext context, int httpStatus, long code, string message)
    {
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new { code, message, request_id = RequestId(context), data = new { } }, SimJson.Options);
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>The request body as sent (buffered by the gate), parsed with snake_case names.</summary>
    public static T Body<T>(HttpContext context)
    {
        var text = context.Items[Gate.BodyKey] as string ?? "";
        if (string.IsNullOrWhiteSpace(text))
        {
            text = "{}";
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, SimJson.Options) ?? throw SimException.BadRequest("the body is empty");
        }
        catch (JsonException e)
        {
            throw SimException.BadRequest("the body is not valid JSON: " + e.Message);
        }
    }
}
