using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.TikTok.Json;

/// <summary>
/// Money as TikTok sends it: decimal strings ("19.99"), read exactly into <see cref="decimal"/> (never via double)
/// and written back as strings with their scale ("0.10" stays "0.10"). Plain JSON numbers are accepted too.
/// </summary>
public sealed class TikTokDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TikTokDecimal.Read(ref reader) ?? throw new JsonException("An empty string is not an amount.");

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>Like <see cref="TikTokDecimalConverter"/>; an empty string or null reads as null.</summary>
public sealed class TikTokNullableDecimalConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : TikTokDecimal.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Value.ToString(CultureInfo.InvariantCulture));
        }
    }
}

internal static class TikTokDecimal
{
    public static decimal? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.GetDecimal();
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                throw new JsonException($"'{text}' is not a decimal amount.");
            default:
                throw new JsonException($"Expected an amount, found {reader.TokenType}.");
        }
    }
}
