using System.Text.Json;
using Connector.Fulfilment;
using Connector.Http;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;

namespace Connector.Admin.Shops;

/// <summary>
/// The settings checks that need TikTok: a warehouse id (inventory's default warehouse or a location's warehouse)
/// must be one of the shop's warehouses, and a fallback carrier (and each carrier alias) must match one of the shop's
/// shipping providers, as a shipment would resolve it. Only what the patch sets is checked, and only when it is
/// otherwise valid; TikTok not answering refuses the patch (503) rather than letting an unchecked value in.
/// </summary>
public sealed class ShopSettingsChecks(ITikTokShopClient tiktok)
{
    /// <summary>Adds an error per unusable value to <paramref name="errors"/>; answers a problem when TikTok cannot be asked.</summary>
    public async Task<Refusal?> CheckAsync(ShopRecord shop, JsonElement patch, ShopSettings candidate, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        // The values as the patch sends them: checked even when another setting of the same section is wrong.
        var warehouseChecks = new List<(string Path, string WarehouseId)>();
        if (Text(patch, "inventory", "defaultWarehouseId") is { Length: > 0 } defaultWarehouse && !errors.ContainsKey("inventory.defaultWarehouseId"))
        {
            warehouseChecks.Add(("inventory.defaultWarehouseId", defaultWarehouse));
        }

        warehouseChecks.AddRange(Texts(patch, "inventory", "locationWarehouses").Select(l => ($"inventory.locationWarehouses.{l.Key}", l.Value)));

        var carrierChecks = new List<(string Path, string Carrier)>();
        var fulfilment = candidate.Fulfilment;
        if (Text(patch, "fulfilment", "fallbackCarrier") is { Length: > 0 } fallback && !string.IsNullOrWhiteSpace(fallback) && !errors.ContainsKey("fulfilment.fallbackCarrier"))
        {
            carrierChecks.Add(("fulfilment.fallbackCarrier", fallback));
        }

        var aliases = Texts(patch, "fulfilment", "carrierAliases");
        carrierChecks.AddRange(aliases.Where(a => !string.IsNullOrWhiteSpace(a.Value)).Select(a => ($"fulfilment.carrierAliases.{a.Key}", a.Value)));

        if (warehouseChecks.Count == 0 && carrierChecks.Count == 0)
        {
            return null;
        }

        if (shop.Status == ShopStatus.ReauthorizationRequired)
        {
            return Refusal.Conflict($"Shop {shop.ShopId} needs the seller to authorize again before its warehouses and carriers can be checked; nothing was changed.");
        }

        var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
        try
        {
            var warehouses = await tiktok.GetWarehousesAsync(reference, cancellationToken);
            foreach (var (path, warehouseId) in warehouseChecks.Where(c => warehouses.All(w => w.Id != c.WarehouseId)))
            {
                errors[path] = [$"'{warehouseId}' is not a warehouse of this shop; its warehouses: {Describe(warehouses.Select(w => $"{w.Id} ({w.Name}, {w.Type})"))}"];
            }

            if (carrierChecks.Count > 0)
            {
                var providers = new List<TikTokShippingProvider>();
                foreach (var warehouse in warehouses.Where(w => !string.Equals(w.Type, "RETURN_WAREHOUSE", StringComparison.OrdinalIgnoreCase)))
                {
                    foreach (var option in await tiktok.GetDeliveryOptionsAsync(reference, warehouse.Id, cancellationToken))
                    {
                        providers.AddRange(await tiktok.GetShippingProvidersAsync(reference, option.Id, cancellationToken));
                    }
                }

                providers = providers.DistinctBy(p => p.Id).ToList();
                var withAliases = new FulfilmentSettings { CarrierAliases = aliases.Count > 0 ? aliases : fulfilment?.CarrierAliases };
                foreach (var (path, carrier) in carrierChecks.Where(c => CarrierMap.Resolve(c.Carrier, shop.Region, providers, withAliases) is null))
                {
                    errors[path] = [$"'{carrier}' matches none of this shop's TikTok shipping providers: {Describe(providers.Select(p => $"{p.Name} ({p.Id})"))}"];
                }
            }
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.AccessTokenExpired)
        {
            return Refusal.Conflict($"TikTok refused shop {shop.ShopId}'s authorization ({e.Kind}, request {e.RequestId}); the warehouses and carriers cannot be checked, nothing was changed.");
        }
        catch (TikTokException e)
        {
            return Refusal.Unavailable($"TikTok did not answer while checking shop {shop.ShopId}'s warehouses and carriers ({e.Kind}, request {e.RequestId}): {e.Message} Nothing was changed; try again.");
        }

        return null;
    }

    private static string? Text(JsonElement patch, string section, string property) =>
        patch.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>The text values of an object setting the patch sets (location → warehouse, alias → carrier).</summary>
    private static Dictionary<string, string> Texts(JsonElement patch, string section, string property) =>
        patch.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Object
            ? v.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    private static string Describe(IEnumerable<string> items) => items.ToList() is { Count: > 0 } list ? string.Join(", ", list) : "none";
}
