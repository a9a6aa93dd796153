using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.TikTok.Json;

/// <summary>
/// A boolean TikTok may send as JSON true/false or as a string (its own search-returns example has
/// <c>"is_combined_return": "true "</c>): "true"/"false" with any surrounding spaces and case, "1"/"0"; anything else is null.
/// </summary>
public sealed class TikTokLenientBoolConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n != 0 : null,
        JsonTokenType.String => reader.GetString()?.Trim().ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => null,
        },
        _ => Skip(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static bool? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
