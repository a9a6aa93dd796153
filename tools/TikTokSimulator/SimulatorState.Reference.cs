using System.Collections.Concurrent;
using System.Globalization;

namespace TikTokSimulator;

/// <summary>Who ships and who fulfils generated orders (TikTok's <c>shipping_type</c>, <c>fulfillment_type</c>, <c>is_on_hold_order</c>).</summary>
/// <param name="ShippingType">TIKTOK (TikTok Shipping: the seller buys TikTok's label and ships) or SELLER (own carrier); null = SELLER.</param>
/// <param name="FulfillmentType">FULFILLMENT_BY_SELLER or FULFILLMENT_BY_TIKTOK (TikTok's own warehouses ship it); null = by seller.</param>
/// <param name="IsOnHoldOrder">The order has been or will be ON_HOLD; null = only orders generated ON_HOLD.</param>
public sealed record SimOrderOptions(string? ShippingType = null, string? FulfillmentType = null, bool? IsOnHoldOrder = null)
{
    public static readonly IReadOnlySet<string> ShippingTypes = new HashSet<string>(StringComparer.Ordinal) { "TIKTOK", "SELLER" };
    public static readonly IReadOnlySet<string> FulfillmentTypes = new HashSet<string>(StringComparer.Ordinal) { "FULFILLMENT_BY_SELLER", "FULFILLMENT_BY_TIKTOK" };

    /// <summary>Refuses values TikTok does not document (as the control API's 400).</summary>
    public void Validate()
    {
        if (ShippingType is not null && !ShippingTypes.Contains(ShippingType))
        {
            throw SimException.BadRequest("shipping_type must be TIKTOK or SELLER");
        }

        if (FulfillmentType is not null && !FulfillmentTypes.Contains(FulfillmentType))
        {
            throw SimException.BadRequest("fulfillment_type must be FULFILLMENT_BY_SELLER or FULFILLMENT_BY_TIKTOK");
        }
    }
}

/// <summary>What a shop of one region looks like: currency, carriers (shipping providers), warehouse and buyer addresses.</summary>
public sealed record SimRegionProfile(string Region, string Currency, IReadOnlyList<string> Carriers, SimAddress Warehouse, string PhonePrefix,
    IReadOnlyList<(string City, string State, string PostalCode)> Places, string CountryName)
{
    public static readonly SimRegionProfile Us = new("US", "USD", ["USPS", "UPS", "FedEx"],
        new SimAddress { RegionCode = "US", PostalCode = "90001", City = "Los Angeles", FullAddress = "1200 Warehouse Blvd, Los Angeles, CA 90001" },
        "(+1)213555", [("Los Angeles", "California", "90001"), ("Austin", "Texas", "73301"), ("Brooklyn", "New York", "11201")], "United States");

    public static readonly SimRegionProfile Gb = new("GB", "GBP", ["Royal Mail", "DPD", "Evri"],
        new SimAddress(), "(+44)7700900", [("London", "Greater London", "SW1A 1AA"), ("Leeds", "West Yorkshire", "LS1 4AP"), ("Bristol", "Bristol", "BS1 5TR")], "United Kingdom");

    public static readonly SimRegionProfile Eu = new("DE", "EUR", ["DHL", "DPD", "GLS"],
        new SimAddress { RegionCode = "DE", PostalCode = "10115", City = "Berlin", FullAddress = "Lagerstrasse 1, 10115 Berlin" },
        "(+49)1512345", [("Berlin", "Berlin", "10115"), ("Hamburg", "Hamburg", "20095"), ("Munich", "Bavaria", "80331")], "Germany");

    /// <summary>The profile of a region: US, GB, the euro markets (DE, FR, IT, ES, IE), else GB's carriers with the region's code.</summary>
    public static SimRegionProfile For(string region) => region.ToUpperInvariant() switch
    {
        "US" => Us,
        "GB" or "UK" => Gb,
        "DE" or "FR" or "IT" or "ES" or "IE" => Eu with
        {
            Region = region.ToUpperInvariant(),
            Warehouse = new SimAddress { RegionCode = region.ToUpperInvariant(), PostalCode = Eu.Warehouse.PostalCode, City = Eu.Warehouse.City, FullAddress = Eu.Warehouse.FullAddress },
        },
        _ => Gb with { Region = region.ToUpperInvariant() },
    };
}

/// <summary>The parts of the simulator that follow TikTok's published reference closely (issue 17): regions, limits, refusals.</summary>
public sealed partial class SimulatorState
{
    /// <summary>TikTok's maximum stock per SKU and warehouse (reference: update-inventory, quantity "Valid range: [1, 99,999]").</summary>
    public const int MaxInventoryQuantity = 99_999;

    private readonly Dictionary<(string ShopId, string SkuId), (long Code, string Message)> inventoryRefusals = [];
    private readonly Dictionary<string, string> shipWarnings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> apiQuotas = new(StringComparer.Ordinal);

    /// <summary>
    /// An app's rate limit per API and shop, as TikTok raises it for an app on request (default: 50 requests per second,
    /// <see cref="SimulatorOptions.RequestsPerSecondPerApi"/>). Null goes back to the default.
    /// </summary>
    public void SetApiQuota(string appKey, int? requestsPerSecond)
    {
        if (requestsPerSecond is null)
        {
            apiQuotas.TryRemove(appKey, out _);
        }
        else
        {
            apiQuotas[appKey] = requestsPerSecond.Value;
        }
    }

    internal int? ApiQuota(string appKey) => apiQuotas.TryGetValue(appKey, out var quota) ? quota : null;

    /// <summary>
    /// TikTok refuses inventory updates of this SKU (e.g. 12052393 "Product locked for Promotion ..."): the SKU is
    /// listed in the answer's <c>data.errors</c>, the other SKUs of the call are updated. Null code lifts the refusal.
    /// </summary>
    public void RefuseInventoryUpdates(string shopId, string skuId, long? code = 12052393,
        string message = "Product locked for Promotion and stock can't be updated below current stock")
    {
        lock (gate)
        {
            Shop(shopId);
            if (code is null)
            {
                inventoryRefusals.Remove((shopId, skuId));
            }
            else
            {
                inventoryRefusals[(shopId, skuId)] = (code.Value, message);
            }
        }
    }

    /// <summary>Mark package as shipped answers with <c>data.warning.message</c> for this shop (null: no warning).</summary>
    public void WarnOnShip(string shopId, string? message = "match more than one provider")
    {
        lock (gate)
        {
            Shop(shopId);
            if (message is null)
            {
                shipWarnings.Remove(shopId);
            }
            else
            {
                shipWarnings[shopId] = message;
            }
        }
    }

    internal (long Code, string Message)? InventoryRefusal(string shopId, string skuId) =>
        inventoryRefusals.TryGetValue((shopId, skuId), out var refusal) ? refusal : null;

    internal string? ShipWarning(string shopId) => shipWarnings.TryGetValue(shopId, out var warning) ? warning : null;

    /// <summary>The sales warehouse, delivery option and region's carriers of a new shop.</summary>
    private void FurnishShopLocked(SimShop shop)
    {
        var profile = SimRegionProfile.For(shop.Region);
        var sales = new SimWarehouse
        {
            Id = "7068" + NextId().ToString("D12", CultureInfo.InvariantCulture), Name = "Main warehouse", Type = "SALES_WAREHOUSE", IsDefault = true,
            Address = profile.Warehouse,
        };
        var option = new SimDeliveryOption { Id = "6912" + NextId().ToString("D12", CultureInfo.InvariantCulture), Name = "Standard shipping" };
        foreach (var carrier in profile.Carriers)
        {
            option.ShippingProviders.Add(new SimShippingProvider("6617" + NextId().ToString("D12", CultureInfo.InvariantCulture), carrier));
        }

        sales.DeliveryOptions.Add(option);
        shop.Warehouses.Add(sales);
        shop.Warehouses.Add(new SimWarehouse
        {
            Id = "7068" + NextId().ToString("D12", CultureInfo.InvariantCulture), Name = "Returns", Type = "RETURN_WAREHOUSE", Address = profile.Warehouse,
        });
    }

    /// <summary>A buyer address in the shop's region (US: city, state and ZIP in district_info; GB: post town).</summary>
    private static SimRecipient RegionalRecipient(SimShop shop, Random random)
    {
        var profile = SimRegionProfile.For(shop.Region);
        var name = FirstNames[random.Next(FirstNames.Length)] + " Buyer";
        var line1 = $"{random.Next(1, 200)} {Streets[random.Next(Streets.Length)]}";
        var (city, state, postalCode) = profile.Places[random.Next(profile.Places.Count)];
        return new SimRecipient
        {
            Name = name, PhoneNumber = profile.PhonePrefix + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
            AddressLine1 = line1, AddressLine2 = "", PostalCode = postalCode, RegionCode = profile.Region,
            PostTown = profile.Region == "GB" ? city : null,
            FullAddress = $"{line1}, {city}, {postalCode}",
            DistrictInfo =
            [
                new SimDistrict("Country", profile.CountryName, "L0"), new SimDistrict(profile.Region == "US" ? "State" : "County", state, "L1"),
                new SimDistrict("City", city, "L3"),
            ],
        };
    }
}
