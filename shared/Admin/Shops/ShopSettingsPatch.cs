using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.AfterSales;
using Connector.Fulfilment;
using Connector.Inventory;
using Connector.Labels;
using Connector.Listings;
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
        var (candidate, errors) = Candidate(current, patch, now);
        return (errors.Count > 0 ? null : candidate, errors);
    }

    /// <summary>
    /// The settings with every valid property of the patch applied (bad ones keep their value), and every error found,
    /// by property path: all at once, never only the first.
    /// </summary>
    public static (ShopSettings Candidate, Dictionary<string, string[]> Errors) Candidate(ShopSettings current, JsonElement patch, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var orders = current.Orders;
        var inventory = current.Inventory;
        var fulfilment = current.Fulfilment;
        var afterSales = current.AfterSales;
        var listings = current.Listings;
        var labels = current.Labels;
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
                    inventory = PatchSection("inventory", inventory, section.Value, errors, i => i.Validate());
                    break;
                case "fulfilment":
                    fulfilment = PatchSection("fulfilment", fulfilment, section.Value, errors, ValidateFulfilment);
                    break;
                case "labels":
                    labels = PatchSection("labels", labels, section.Value, errors, l => l.Validate());
                    break;
                case "afterSales":
                    afterSales = PatchSection<AfterSales.AfterSalesSettings>("afterSales", afterSales, section.Value, errors, _ => []);
                    break;
                case "listings":
                    listings = PatchSection("listings", listings, section.Value, errors, l => l.Validate());
                    break;
                default:
                    errors[section.Name] = ["unknown settings section; known: orders, inventory, fulfilment, labels, afterSales, listings"];
                    break;
            }
        }

        if (sections == 0)
        {
            errors[""] = ["the body must name at least one settings section, e.g. {\"orders\": {\"importEnabled\": false}}"];
        }

        var candidate = current.Copy();
        candidate.Orders = orders;
        candidate.Inventory = inventory;
        candidate.Fulfilment = fulfilment;
        candidate.Labels = labels;
        candidate.AfterSales = afterSales;
        candidate.Listings = listings;
        return (candidate, errors);
    }

    private static readonly JsonSerializerOptions SectionJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// A JSON merge patch of one typed settings section: inventory export (issue 6's <see cref="InventorySettings"/>,
    /// switched on and off with <c>enabled</c>, separately from order import) or fulfilment (fallback carrier, aliases).
    /// Unknown properties and wrong types are errors by path; the section's own validation runs on the result.
    /// </summary>
    private static T? PatchSection<T>(string name, T? current, JsonElement value, Dictionary<string, string[]> errors, Func<T, IReadOnlyCollection<string>> validate)
        where T : class, new()
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors[name] = ["must be an object"];
            return current;
        }

        var merged = JsonSerializer.SerializeToNode(current ?? new T(), SectionJson)!.AsObject();
        var known = merged.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var properties = typeof(T).GetProperties().ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p, StringComparer.Ordinal);
        var bad = false;
        foreach (var property in value.EnumerateObject())
        {
            var path = name + "." + property.Name;
            if (!known.Contains(property.Name) || !properties.TryGetValue(property.Name, out var target))
            {
                errors[path] = ["unknown setting; known: " + string.Join(", ", known)];
                bad = true;
                continue;
            }

            // Each property on its own, so every wrong type is named, not only the first.
            try
            {
                JsonSerializer.Deserialize(property.Value.GetRawText(), target.PropertyType, SectionJson);
                merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
            catch (JsonException e)
            {
                var inner = Http.JsonBinding.FieldPath(e.Path);
                errors[path + (inner.Length == 0 ? "" : inner.StartsWith('[') ? inner : "." + inner)] = ["must be " + Http.JsonBinding.Expected(typeof(T), "$." + property.Name + (e.Path ?? "$").TrimStart('$'))];
                bad = true;
            }
        }

        T? patched;
        try
        {
            patched = merged.Deserialize<T>(SectionJson);
        }
        catch (JsonException e)
        {
            errors[name + (e.Path is { Length: > 1 } jsonPath ? jsonPath.TrimStart('$') : "")] = ["has the wrong type or value"];
            return current;
        }

        if (patched is null)
        {
            errors[name] = ["must be an object"];
            return current;
        }

        // The section's own rules; a message that starts with a setting's name is filed under that setting.
        foreach (var problem in validate(patched))
        {
            var field = properties.Keys.FirstOrDefault(k => problem.StartsWith(k + " ", StringComparison.Ordinal));
            var key = field is null ? name : name + "." + field;
            errors[key] = errors.TryGetValue(key, out var earlier) ? [.. earlier, problem] : [problem];
            bad = true;
        }

        return bad ? current : patched;
    }

    private static IReadOnlyCollection<string> ValidateFulfilment(Fulfilment.FulfilmentSettings settings)
    {
        var problems = new List<string>();
        if (settings.FallbackCarrier is { } fallback && string.IsNullOrWhiteSpace(fallback))
        {
            problems.Add("fallbackCarrier must not be blank (use null to clear it)");
        }

        if (settings.CarrierAliases?.Any(a => string.IsNullOrWhiteSpace(a.Key) || string.IsNullOrWhiteSpace(a.Value)) == true)
        {
            problems.Add("carrierAliases must map non-blank names to non-blank carriers");
        }

        return problems;
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
