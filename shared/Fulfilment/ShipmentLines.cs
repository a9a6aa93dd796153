using System.Text.Json;

namespace Connector.Fulfilment;

/// <summary>Reads the lines of a shipment or of a label's parcel: the one parser both requests use.</summary>
public static class ShipmentLines
{
    /// <summary>
    /// The <c>lines</c> array of a shipment or a parcel (<c>[{"sku": "...", "quantity": 1}]</c>): every bad line named at
    /// once, in the merchant's terms; <paramref name="what"/> says what the lines are (for the message when it is empty).
    /// </summary>
    public static (List<ShipmentLine> Lines, List<string> Errors) Parse(JsonElement array, string what)
    {
        var lines = new List<ShipmentLine>();
        var errors = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var sku = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("sku", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()?.Trim() : null;
            var quantity = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number && q.TryGetInt32(out var n) ? n : (int?)null;
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"lines[{index}] must be {{\"sku\": \"...\", \"quantity\": 1}}.");
            }
            else if (string.IsNullOrEmpty(sku))
            {
                errors.Add(item.TryGetProperty("sku", out var given) && given.ValueKind is not (JsonValueKind.Null or JsonValueKind.String)
                    ? $"lines[{index}].sku must be text." : $"lines[{index}].sku is required.");
            }
            else if (quantity is not > 0)
            {
                errors.Add($"lines[{index}].quantity must be a whole number of at least 1.");
            }
            else if (lines.Any(l => l.Sku == sku))
            {
                errors.Add($"lines[{index}]: SKU {sku} is listed twice.");
            }
            else
            {
                lines.Add(new ShipmentLine(sku, quantity.Value));
            }

            index++;
        }

        if (index == 0)
        {
            errors.Add($"lines is empty: list {what}, or send \"all\".");
        }

        return (lines, errors);
    }
}
