namespace Connector.Listings;

/// <summary>
/// What TikTok allows per shop region (create product, product pricing): currency, the local sellers' price range,
/// title length, package weight and dimension units, SKUs per product.
/// </summary>
public sealed record ListingRegion(string Code, string Currency, decimal MinPrice, decimal MaxPrice, int MinTitle, int MaxTitle, string[] WeightUnits, string[] LengthUnits,
    int MaxSkus)
{
    private static readonly string[] Kilogram = ["KILOGRAM"];
    private static readonly string[] KilogramGram = ["KILOGRAM", "GRAM"];
    private static readonly string[] Centimeter = ["CENTIMETER"];

    private static readonly Dictionary<string, ListingRegion> Regions = new ListingRegion[]
    {
        new("GB", "GBP", 0.01m, 5600m, 1, 255, Kilogram, Centimeter, 300),
        new("US", "USD", 0.01m, 7600m, 1, 255, ["KILOGRAM", "POUND"], ["CENTIMETER", "INCH"], 300),
        new("DE", "EUR", 0.01m, 6300m, 1, 255, Kilogram, Centimeter, 300),
        new("FR", "EUR", 0.01m, 6300m, 1, 255, Kilogram, Centimeter, 300),
        new("IT", "EUR", 0.01m, 6300m, 1, 255, Kilogram, Centimeter, 300),
        new("ES", "EUR", 0.01m, 6300m, 1, 255, Kilogram, Centimeter, 300),
        new("IE", "EUR", 0.01m, 6300m, 1, 255, Kilogram, Centimeter, 300),
        new("JP", "JPY", 1m, 500_000m, 1, 255, KilogramGram, Centimeter, 300),
        new("BR", "BRL", 0.5m, 10_000m, 1, 300, KilogramGram, Centimeter, 300),
        new("MX", "MXN", 1m, 50_000m, 1, 300, KilogramGram, Centimeter, 300),
        new("ID", "IDR", 100m, 100_000_000m, 25, 255, Kilogram, Centimeter, 100),
        new("MY", "MYR", 0.01m, 320_000m, 25, 255, Kilogram, Centimeter, 100),
        new("PH", "PHP", 0.01m, 400_000m, 25, 255, Kilogram, Centimeter, 100),
        new("SG", "SGD", 0.01m, 10_000m, 25, 255, Kilogram, Centimeter, 100),
        new("TH", "THB", 30m, 260_000m, 25, 255, Kilogram, Centimeter, 100),
        new("VN", "VND", 1m, 180_000_000m, 25, 255, Kilogram, Centimeter, 100),
    }.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The region's rules; an unknown region gets the UK's (and its currency is then the region's guess).</summary>
    public static ListingRegion For(string region) =>
        Regions.TryGetValue(region == "UK" ? "GB" : region, out var known) ? known : Regions["GB"] with { Code = region };

    /// <summary>Dimensions must be in the same system as the weight (metric with kilograms, imperial with pounds).</summary>
    public bool Imperial(string weightUnit) => weightUnit == "POUND" && LengthUnits.Contains("INCH");
}
