using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Fulfilment;
using Connector.TikTok.Api;

namespace Connector.Labels;

/// <summary>A label request as the back office sent it, checked field by field (nothing about the order yet).</summary>
public sealed record LabelRequest(
    string OrderId,
    string? ShopId,
    IReadOnlyList<ShipmentLine>? Lines,
    ParcelWeight Weight,
    ParcelDimensions? Dimensions,
    string? ShippingServiceId,
    string? HandoverMethod,
    IReadOnlyList<string> CombineWith,
    string? LabelSize,
    string IdempotencyKey,
    string Hash);

/// <summary>
/// Parses <c>POST /api/merchants/{merchantId}/orders/{orderId}/labels</c> (pure). Every bad field is named; weights and sizes
/// in other units are converted to TikTok's (GRAM or POUND, CM or INCH).
/// </summary>
public static partial class LabelRequestParser
{
    public const int MaxKeyLength = 200;
    public const int MaxCombinedOrders = 20;
    public const string AllLines = "all";

    /// <summary>Sanity limits (TikTok refuses far less): 1,000 kg and 500 cm.</summary>
    public const decimal MaxGrams = 1_000_000m;
    public const decimal MaxCentimetres = 500m;

    public const string Example =
        "{\"idempotencyKey\": \"...\", \"lines\": \"all\" or [{\"sku\": \"...\", \"quantity\": 1}], \"weight\": {\"value\": 1.2, \"unit\": \"POUND\"}, "
        + "\"dimensions\": {\"length\": 10, \"width\": 8, \"height\": 4, \"unit\": \"INCH\"}, \"shippingServiceId\": \"...\" (optional), "
        + "\"handoverMethod\": \"DROP_OFF\" or \"PICKUP\" (optional), \"combineWith\": [\"orderId\", ...] (optional), \"labelSize\": \"A6\" or \"A5\" (optional)}";

    private static readonly HashSet<string> Known =
    [
        "idempotencyKey", "shopId", "lines", "weight", "dimensions", "shippingServiceId", "handoverMethod", "combineWith", "labelSize",
    ];

    public static (LabelRequest? Request, Dictionary<string, string[]> Errors) Parse(string orderId, JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body must be a JSON object: " + Example];
            return (null, errors);
        }

        foreach (var property in body.EnumerateObject().Where(p => !Known.Contains(p.Name)))
        {
            errors[property.Name] = [$"{property.Name} is not a field of a label request; known: {string.Join(", ", Known)}."];
        }

        if (!IsId(orderId))
        {
            errors["orderId"] = ["orderId (in the path) is TikTok's order id."];
        }

        var key = Text(body, "idempotencyKey")?.Trim();
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            errors["idempotencyKey"] = [$"idempotencyKey is required: 1 to {MaxKeyLength} characters, unique per label."];
        }

        var shopId = Text(body, "shopId")?.Trim();
        if (Present(body, "shopId") && !IsId(shopId))
        {
            errors["shopId"] = ["shopId, when given, is TikTok's shop id."];
        }

        IReadOnlyList<ShipmentLine>? lines = null;
        if (body.TryGetProperty("lines", out var linesElement) && linesElement.ValueKind != JsonValueKind.Null)
        {
            switch (linesElement.ValueKind)
            {
                case JsonValueKind.String when string.Equals(linesElement.GetString(), AllLines, StringComparison.OrdinalIgnoreCase):
                    break;
                case JsonValueKind.Array:
                    var (parsed, lineErrors) = ShipmentLines.Parse(linesElement, "the SKUs in the parcel");
                    lines = parsed;
                    if (lineErrors.Count > 0)
                    {
                        errors["lines"] = lineErrors.ToArray();
                    }

                    break;
                default:
                    errors["lines"] = ["lines is \"all\" (the default: every unit without a label) or [{\"sku\": \"...\", \"quantity\": 1}, ...]."];
                    break;
            }
        }

        var weight = ParseWeight(body, errors);
        var dimensions = ParseDimensions(body, errors);

        var service = Text(body, "shippingServiceId")?.Trim();
        if (Present(body, "shippingServiceId") && !IsId(service))
        {
            errors["shippingServiceId"] = ["shippingServiceId, when given, is the id of one of TikTok's eligible shipping services (see POST .../shipping-services)."];
        }

        var handover = Text(body, "handoverMethod")?.Trim().ToUpperInvariant().Replace('-', '_').Replace(' ', '_');
        if (handover == "DROPOFF")
        {
            handover = TikTokHandoverMethods.DropOff;
        }

        if (Present(body, "handoverMethod") && handover is not (TikTokHandoverMethods.DropOff or TikTokHandoverMethods.Pickup))
        {
            errors["handoverMethod"] = ["handoverMethod, when given, is DROP_OFF or PICKUP."];
            handover = null;
        }

        var size = Text(body, "labelSize")?.Trim().ToUpperInvariant();
        if (Present(body, "labelSize") && size is not (LabelSettings.A6 or LabelSettings.A5))
        {
            errors["labelSize"] = ["labelSize, when given, is A6 or A5."];
            size = null;
        }

        var combine = new List<string>();
        if (body.TryGetProperty("combineWith", out var combineElement) && combineElement.ValueKind != JsonValueKind.Null)
        {
            if (combineElement.ValueKind != JsonValueKind.Array)
            {
                errors["combineWith"] = ["combineWith is a list of order ids of the same buyer to ship in this parcel."];
            }
            else
            {
                foreach (var item in combineElement.EnumerateArray())
                {
                    var id = item.ValueKind == JsonValueKind.String ? item.GetString()?.Trim() : null;
                    if (!IsId(id) || id == orderId)
                    {
                        errors["combineWith"] = ["combineWith holds TikTok order ids other than the order in the path."];
                        break;
                    }

                    if (!combine.Contains(id!, StringComparer.Ordinal))
                    {
                        combine.Add(id!);
                    }
                }

                if (combine.Count > MaxCombinedOrders)
                {
                    errors["combineWith"] = [$"combineWith names at most {MaxCombinedOrders} orders."];
                }

                if (combine.Count > 0 && lines is not null)
                {
                    errors["lines"] = ["Combined parcels hold whole orders: leave lines out (or \"all\") when combineWith is given."];
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var canonical = JsonSerializer.Serialize(new
        {
            orderId, shopId, lines = lines?.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => new[] { l.Sku, l.Quantity.ToString(CultureInfo.InvariantCulture) }),
            weight, dimensions, service, handover, combine = combine.Order(StringComparer.Ordinal), size,
        });
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return (new LabelRequest(orderId, shopId, lines, weight!, dimensions, service, handover, combine, size, key!, hash), errors);
    }

    private static ParcelWeight? ParseWeight(JsonElement body, Dictionary<string, string[]> errors)
    {
        const string help = "weight is required: {\"value\": 1.2, \"unit\": \"POUND\"} (units GRAM, KILOGRAM, POUND, OUNCE), more than 0.";
        if (!body.TryGetProperty("weight", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            errors["weight"] = [help];
            return null;
        }

        var value = Number(element, "value");
        var unit = Text(element, "unit")?.Trim().ToUpperInvariant();
        var (factor, tiktokUnit) = unit switch
        {
            "GRAM" or "GRAMS" or "G" => (1m, TikTokUnits.Gram),
            "KILOGRAM" or "KILOGRAMS" or "KG" => (1000m, TikTokUnits.Gram),
            "POUND" or "POUNDS" or "LB" or "LBS" => (1m, TikTokUnits.Pound),
            "OUNCE" or "OUNCES" or "OZ" => (1m / 16m, TikTokUnits.Pound),
            _ => (0m, ""),
        };
        if (value is not > 0 || factor == 0)
        {
            errors["weight"] = [help];
            return null;
        }

        var converted = Math.Round(value.Value * factor, 4);
        var grams = tiktokUnit == TikTokUnits.Gram ? converted : converted * 453.59237m;
        if (grams > MaxGrams)
        {
            errors["weight"] = ["weight is more than 1,000 kg: check the value and its unit."];
            return null;
        }

        return new ParcelWeight(converted, tiktokUnit);
    }

    private static ParcelDimensions? ParseDimensions(JsonElement body, Dictionary<string, string[]> errors)
    {
        const string help = "dimensions, when given, is {\"length\": 10, \"width\": 8, \"height\": 4, \"unit\": \"INCH\"} (units CM, MM, INCH), each more than 0.";
        if (!body.TryGetProperty("dimensions", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors["dimensions"] = [help];
            return null;
        }

        var (length, width, height) = (Number(element, "length"), Number(element, "width"), Number(element, "height"));
        var unit = Text(element, "unit")?.Trim().ToUpperInvariant();
        var (factor, tiktokUnit) = unit switch
        {
            "CM" or "CENTIMETRE" or "CENTIMETER" => (1m, TikTokUnits.Centimetre),
            "MM" or "MILLIMETRE" or "MILLIMETER" => (0.1m, TikTokUnits.Centimetre),
            "INCH" or "INCHES" or "IN" => (1m, TikTokUnits.Inch),
            _ => (0m, ""),
        };
        if (length is not > 0 || width is not > 0 || height is not > 0 || factor == 0)
        {
            errors["dimensions"] = [help];
            return null;
        }

        var scale = tiktokUnit == TikTokUnits.Centimetre ? factor : factor * 2.54m;
        if (new[] { length.Value, width.Value, height.Value }.Any(v => v * scale > MaxCentimetres))
        {
            errors["dimensions"] = ["dimensions has a side longer than 500 cm: check the values and their unit."];
            return null;
        }

        return new ParcelDimensions(Math.Round(length.Value * factor, 2), Math.Round(width.Value * factor, 2), Math.Round(height.Value * factor, 2), tiktokUnit);
    }

    private static bool Present(JsonElement body, string name) => body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => "",
        } : null;

    private static decimal? Number(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    public static bool IsId(string? value) => value is { Length: > 0 and <= 64 } && IdPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex IdPattern();
}
