using System.Text;
using Connector.TikTok.Api;

namespace Connector.Fulfilment;

/// <summary>Per-shop fulfilment choices, in the shop's settings area (<c>Settings.Fulfilment</c>).</summary>
public sealed class FulfilmentSettings
{
    /// <summary>
    /// Used when the back office's carrier matches none of the shop's TikTok shipping providers: a carrier name from the
    /// map, a provider name, or a TikTok shipping provider id. Null: such shipments fail with a support case.
    /// </summary>
    public string? FallbackCarrier { get; set; }

    /// <summary>The merchant's own carrier names (e.g. "RM Tracked 48") and the carrier or provider they mean (e.g. "Royal Mail").</summary>
    public Dictionary<string, string>? CarrierAliases { get; set; }
}

/// <summary>How a carrier was matched to a TikTok shipping provider.</summary>
public enum CarrierMatch
{
    /// <summary>The back office sent TikTok's provider id or its exact name.</summary>
    Exact,

    /// <summary>Through the region's carrier map (a known name or alias of the same carrier).</summary>
    Mapped,

    /// <summary>The shop's fallback carrier: TikTok may show no tracking for it.</summary>
    Fallback,
}

public sealed record CarrierResolution(string ProviderId, string ProviderName, CarrierMatch Match);

/// <summary>One carrier TikTok supports in a region, with the names back offices use for it.</summary>
public sealed record KnownCarrier(string Name, IReadOnlyList<string> Aliases)
{
    public IEnumerable<string> Names => Aliases.Prepend(Name);
}

/// <summary>
/// The carrier map: per region, the carriers TikTok Shop supports (seeded from Pipe17's US and UK lists) and their
/// aliases. A back office carrier resolves to one of the shop's shipping providers by normalized name (case, spaces
/// and punctuation ignored): first exactly, then through the map, then the shop's fallback carrier.
/// </summary>
public static class CarrierMap
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<KnownCarrier>> Regions = new Dictionary<string, IReadOnlyList<KnownCarrier>>(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] =
        [
            new("Asendia US", ["Asendia", "Asendia USA"]),
            new("USPS", ["United States Postal Service", "US Postal Service", "US Mail", "USPS Ground Advantage", "USPS Priority Mail", "First Class Mail"]),
            new("UPS", ["United Parcel Service", "UPS Ground", "UPS Mail Innovations", "UPS SurePost"]),
            new("FedEx", ["Federal Express", "FedEx Ground", "FedEx Home Delivery", "FedEx SmartPost", "FDX"]),
            new("LaserShip", ["Laser Ship", "LSO LaserShip"]),
            new("OnTrac", ["On Trac"]),
            new("Better Trucks", ["BetterTrucks"]),
            new("TForce", ["TForce Freight", "TForce Logistics", "T Force"]),
            new("DHL eCommerce", ["DHL", "DHL eCommerce Solutions", "DHL Global Mail", "DHL Express", "DHL eC"]),
            new("Amazon Logistics", ["Amazon", "AMZL", "Amazon Shipping"]),
            new("AxleHire", ["Axle Hire"]),
            new("Lone Star Overnight", ["LSO"]),
            new("Deliver-it", ["Deliverit", "Deliver it"]),
            new("GLS US", ["GLS", "GLS USA", "General Logistics Systems"]),
            new("Spee-Dee Delivery", ["Spee Dee", "SpeeDee", "Spee-Dee"]),
            new("Wizmo", []),
            new("First Mile", ["FirstMile"]),
        ],
        ["GB"] =
        [
            new("EVRi", ["Evri", "Hermes", "Hermes UK", "myHermes"]),
            new("DHL UK", ["DHL", "DHL Parcel UK", "DHL Express UK", "DHL Express"]),
            new("Yodel UK", ["Yodel"]),
            new("UK Mail", ["UKMail"]),
            new("DPD UK", ["DPD", "DPD Local", "DPD Predict"]),
            new("DX Delivery", ["DX", "DX Freight", "DX Express"]),
            new("Royal Mail", ["RM", "Royal Mail Tracked", "Royal Mail Tracked 24", "Royal Mail Tracked 48", "Royal Mail 1st Class", "Royal Mail 2nd Class"]),
            new("Parcel Force", ["Parcelforce", "Parcelforce Worldwide"]),
            new("Panther UK", ["Panther", "Panther Logistics"]),
            new("Amazon Logistics", ["Amazon", "AMZL"]),
            new("Amazon Shipping UK", ["Amazon Shipping"]),
        ],
    };

    /// <summary>TikTok uses GB; back offices and Pipe17 say UK.</summary>
    public static string RegionKey(string? region) => region?.Trim().ToUpperInvariant() switch
    {
        "UK" => "GB",
        { } r => r,
        null => "",
    };

    /// <summary>Lowercase letters and digits only: "DPD-UK", "dpd uk" and "DPD UK" are the same.</summary>
    public static string Normalize(string? name)
    {
        var builder = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormKD))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The shipping provider for <paramref name="carrier"/> among <paramref name="providers"/> (the shop's warehouse
    /// delivery options' providers), else for the shop's fallback carrier; null when neither matches.
    /// </summary>
    public static CarrierResolution? Resolve(string carrier, string? region, IReadOnlyList<TikTokShippingProvider> providers, FulfilmentSettings? settings)
    {
        if (Match(carrier, region, providers, settings?.CarrierAliases) is { } found)
        {
            return found;
        }

        return settings?.FallbackCarrier is { Length: > 0 } fallback && Match(fallback, region, providers, settings.CarrierAliases) is { } backup
            ? backup with { Match = CarrierMatch.Fallback }
            : null;
    }

    private static CarrierResolution? Match(string carrier, string? region, IReadOnlyList<TikTokShippingProvider> providers, IReadOnlyDictionary<string, string>? aliases)
    {
        var names = new List<string> { carrier.Trim() };
        if (aliases?.FirstOrDefault(a => Normalize(a.Key) == Normalize(carrier)) is { Value: { Length: > 0 } target })
        {
            names.Insert(0, target.Trim());
        }

        foreach (var name in names)
        {
            if (providers.FirstOrDefault(p => p.Id == name) is { } byId)
            {
                return new CarrierResolution(byId.Id, byId.Name ?? byId.Id, CarrierMatch.Exact);
            }

            var wanted = Normalize(name);
            if (wanted.Length == 0)
            {
                continue;
            }

            if (providers.FirstOrDefault(p => Normalize(p.Name) == wanted) is { } byName)
            {
                return new CarrierResolution(byName.Id, byName.Name ?? byName.Id, CarrierMatch.Exact);
            }

            if (!Regions.TryGetValue(RegionKey(region), out var known))
            {
                continue;
            }

            // Every known carrier of the region this name can mean (e.g. "DHL"), then a provider with any of its names.
            foreach (var entry in known.Where(k => k.Names.Any(n => Normalize(n) == wanted)))
            {
                var all = entry.Names.Select(Normalize).ToHashSet(StringComparer.Ordinal);
                if (providers.FirstOrDefault(p => all.Contains(Normalize(p.Name))) is { } mapped)
                {
                    return new CarrierResolution(mapped.Id, mapped.Name ?? mapped.Id, CarrierMatch.Mapped);
                }
            }
        }

        return null;
    }
}
