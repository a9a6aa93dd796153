using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Connector.Listings;

/// <summary>
/// One product of a merchant's catalog as the back office sends it (<c>PUT /api/merchants/{merchantId}/products</c>),
/// normalized: what the listing capability maps to TikTok through the product's profile.
/// </summary>
public sealed record CatalogProduct
{
    /// <summary>The merchant's own product id (1..100 characters).</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>HTML in TikTok's subset (checked on the way in: <see cref="DescriptionHtml"/>).</summary>
    public string Description { get; init; } = "";

    /// <summary>Gallery image URLs, in order (at most 9, TikTok's limit).</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    public string? Brand { get; init; }

    /// <summary>The merchant's own category path, e.g. <c>Kitchen/Mugs</c> (profiles choose products by it).</summary>
    public string? Category { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>False takes the product off sale on TikTok (deactivate); true again puts it back (activate).</summary>
    public bool Active { get; init; } = true;

    public CatalogWeight? Weight { get; init; }

    public CatalogDimensions? Dimensions { get; init; }

    /// <summary>Custom attributes (material, country of origin, ...): profiles map them to TikTok attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<CatalogVariant> Variants { get; init; } = [];

    /// <summary>A fingerprint of everything above: an unchanged product has the same one, so re-sending it costs nothing.</summary>
    public string Hash()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, CatalogJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(json))[..32];
    }
}

/// <summary>One sellable variant (a TikTok SKU).</summary>
public sealed record CatalogVariant
{
    /// <summary>The seller SKU: 1..50 characters, no spaces (TikTok's rule).</summary>
    public required string Sku { get; init; }

    public required decimal Price { get; init; }

    /// <summary>The "was" price (list price / MSRP); TikTok takes it in the US only.</summary>
    public decimal? CompareAtPrice { get; init; }

    /// <summary>Options that tell the variants apart, in order (size, colour, ...): at most 3, as TikTok allows.</summary>
    public IReadOnlyList<CatalogOption> Options { get; init; } = [];

    /// <summary>The variant's own image (shown for its colour on TikTok).</summary>
    public string? Image { get; init; }

    public string? Barcode { get; init; }
}

public sealed record CatalogOption(string Name, string Value);

public sealed record CatalogWeight(decimal Value, string Unit);

public sealed record CatalogDimensions(decimal Length, decimal Width, decimal Height, string Unit);

public static class CatalogJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>SHA-256 (hex, 32 characters) of a text: fingerprints of mapped fields.</summary>
    public static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    public static string Fingerprint(object value) => Fingerprint(JsonSerializer.Serialize(value, Options));
}
