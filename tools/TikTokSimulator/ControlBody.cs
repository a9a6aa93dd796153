using System.Text.Json;

namespace TikTokSimulator;

/// <summary>The one reader of a control API body (and of the return_refund bodies): buffered by the gate, snake_case.</summary>
internal static class ControlBody
{
    /// <summary>The body as <typeparamref name="T"/>; an empty body is <c>{}</c>; bad JSON is a 400.</summary>
    public static T Body<T>(HttpContext c)
    {
        var text = c.Items[Gate.BodyKey] as string;
        try
        {
            return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(text) ? "{}" : text, SimJson.Options) ?? throw SimException.BadRequest("empty body");
        }
        catch (JsonException e)
        {
            throw SimException.BadRequest("invalid JSON: " + e.Message);
        }
    }
}
