using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Inventory;
using Connector.Orders;
using Connector.Shops;

namespace Connector.Admin.Shops;

/// <summary>
/// A PATCH of a shop's settings (JSON merge patch: only the properties sent change; <c>null</c> clears an optional one).
/// Every property is checked before anything changes; unknown properties are errors, so a typo never passes silently.
/// Order import and inventory export are separate sections, switched on and off separately.
/// </summary>
public static class ShopSettingsPatch
{
    /// <summary>The patched settings, or the errors by property path.</summary>
    public static (ShopSettings? Settings, Dictionary<string, string[]> Errors) Apply(ShopSettings current, JsonElement patch, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var orders = current.Orders;
        var inventory = current.Inventory;
        var sections = 0;
        foreach (var section in patch.EnumerateObject())
        {
            sections++;
            switch (section.Name)
            {
                case "orders":
                    orders = PatchOrders(orders, section.Value, errors, now);
                    break;
                case "inventory":
                    inventory = PatchInventory(inventory, section.Value, errors);
                    break;
                default:
                    errors[section.Name] = ["unknown settings section; known: orders, inventory"];
                    break;
            }
        }

        if (sections == 0)
        {
            errors[""] = ["the body must name at least one settings section, e.g. {\"orders\": {\"importEnabled\": false}}"];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ShopSettings { Orders = orders, Inventory = inventory, Other = current.Other }, errors);
    }

    private static readonly JsonSerializerOptions InventoryJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// Inventory export (issue 6's <see cref="InventorySettings"/>): switched on and off with <c>enabled</c>, separately from
    /// order import; mode, warehouse mapping, threshold, buffer, cap, allow-list checked by <see cref="InventorySettings.Validate"/>.
    /// </summary>
    private static InventorySettings? PatchInventory(InventorySettings? inventory, JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors["inventory"] = ["must be an object"];
            return inventory;
        }

        var merged = JsonSerializer.SerializeToNode(inventory ?? new InventorySettings(), InventoryJson)!.AsObject();
        var known = merged.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                errors["inventory." + property.Name] = ["unknown setting; known: " + string.Join(", ", known)];
                continue;
            }

            merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        InventorySettings? patched;
        try
        {
            patched = merged.Deserialize<InventorySettings>(InventoryJson);
        }
        catch (JsonException e)
        {
            errors["inventory" + (e.Path is { Length: > 1 } path ? path.TrimStart('$') : "")] = ["has the wrong type or value"];
            return inventory;
        }

        if (patched is null)
        {
            errors["inventory"] = ["must be an object"];
            return inventory;
        }

        var problems = patched.Validate();
        if (problems.Count > 0)
        {
            errors["inventory"] = problems.ToArray();
            return inventory;
        }

        return patched;
    }

    private static ShopOrderSettings PatchOrders(ShopOrderSettings orders, JsonElement value, Dictionary<string, string[]> errors, DateTimeOffset now)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors["orders"] = ["must be an object"];
            return orders;
        }

        foreach (var property in value.EnumerateObject())
        {
            var path = "orders." + property.Name;
            switch (property.Name)
            {
                case "importEnabled":
                    if (Bool(property.Value, path, errors) is { } enabled)
                    {
                        orders = orders with { ImportEnabled = enabled };
                    }

                    break;
                case "importOnHoldOrders":
                    if (Bool(property.Value, path, errors) is { } onHold)
                    {
                        orders = orders with { ImportOnHoldOrders = onHold };
                    }

                    break;
                case "importPlatformShippedOrders":
                    if (Bool(property.Value, path, errors) is { } platform)
                    {
                        orders = orders with { ImportPlatformShippedOrders = platform };
                    }

                    break;
                case "importStartDate":
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        orders = orders with { ImportStartDate = null };
                    }
                    else if (property.Value.ValueKind != JsonValueKind.String || !property.Value.TryGetDateTimeOffset(out var start))
                    {
                        errors[path] = ["must be an ISO 8601 date and time (e.g. 2026-01-01T00:00:00Z) or null"];
                    }
                    else if (start > now)
                    {
                        errors[path] = ["must not be in the future"];
                    }
                    else if (start < now.AddYears(-1))
                    {
                        errors[path] = ["must be within the last year"];
                    }
                    else
                    {
                        orders = orders with { ImportStartDate = start };
                    }

                    break;
                default:
                    errors[path] = ["unknown setting; known: importEnabled, importStartDate, importOnHoldOrders, importPlatformShippedOrders"];
                    break;
            }
        }

        return orders;
    }

    private static bool? Bool(JsonElement value, string path, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors[path] = ["must be true or false"];
        return null;
    }
}
