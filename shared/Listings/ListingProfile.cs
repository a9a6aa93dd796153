using System.Text.RegularExpressions;

namespace Connector.Listings;

/// <summary>
/// A listing profile (CedCommerce): a named rule group choosing catalog products (by the merchant's category, tag,
/// brand, SKU or product id) and saying how they go to TikTok: the TikTok category, the attribute mapping (TikTok
/// attribute from a product field or a fixed value; variant options to TikTok's sales attributes), the price rule and
/// which fields are kept in sync. A product takes the first profile that matches (by priority, then name), else the
/// default profile; a product in no profile is not listed.
/// </summary>
public sealed record ListingProfile
{
    public required string Name { get; init; }

    /// <summary>Lower first; the default profile is always last.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>Takes every product no other profile took (at most one per merchant).</summary>
    public bool IsDefault { get; init; }

    public ProfileMatch Match { get; init; } = new();

    /// <summary><c>any</c> (default): one condition is enough; <c>all</c>: every condition given must hold.</summary>
    public string MatchMode { get; init; } = "any";

    /// <summary>The shops the profile lists on (empty = every shop of the merchant).</summary>
    public IReadOnlyList<string> Shops { get; init; } = [];

    /// <summary>A leaf of TikTok's category tree (see GET .../tiktok/categories and the recommendation).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("tiktokCategoryId")]
    public required string TikTokCategoryId { get; init; }

    /// <summary>A TikTok brand id for every product of the profile, or null.</summary>
    public string? BrandId { get; init; }

    /// <summary>Look the product's own brand up by name in TikTok's brands (when no <see cref="BrandId"/>).</summary>
    public bool BrandFromProduct { get; init; }

    public IReadOnlyList<AttributeMapping> Attributes { get; init; } = [];

    public IReadOnlyList<SalesAttributeMapping> SalesAttributes { get; init; } = [];

    public PriceRuleSpec PriceRule { get; init; } = new();

    /// <summary>Fields kept in step after the product is listed (<see cref="SyncFieldNames"/>); others are set once, at create.</summary>
    public IReadOnlyList<string> SyncFields { get; init; } = SyncFieldNames.All;

    public DateTimeOffset UpdatedAt { get; init; }

    public bool AppliesTo(string shopId) => Shops.Count == 0 || Shops.Contains(shopId, StringComparer.Ordinal);

    public bool Syncs(string field) => SyncFields.Contains(field, StringComparer.OrdinalIgnoreCase);

    /// <summary>The parsed price rule (profiles are validated when stored, so it parses).</summary>
    public PriceRule Rule() => Listings.PriceRule.Parse(PriceRule.Adjust, PriceRule.Rounding).Rule ?? Listings.PriceRule.None;
}

/// <summary>Conditions on the merchant's own product data.</summary>
public sealed record ProfileMatch
{
    /// <summary>The merchant's category, or a parent of it (<c>Kitchen</c> matches <c>Kitchen/Mugs</c>); case-insensitive.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Brands { get; init; } = [];
    public IReadOnlyList<string> Skus { get; init; } = [];
    public IReadOnlyList<string> ProductIds { get; init; } = [];

    public bool IsEmpty => Categories.Count + Tags.Count + Brands.Count + Skus.Count + ProductIds.Count == 0;
}

/// <summary>
/// A TikTok product attribute and where its value comes from: <c>source</c> (<c>brand</c>, <c>category</c>, <c>title</c>
/// or <c>attributes.{name}</c> of the product) or a fixed <c>value</c>.
/// </summary>
public sealed record AttributeMapping
{
    public string AttributeId { get; init; } = "";
    public string? Source { get; init; }
    public string? Value { get; init; }
}

/// <summary>A variant option (e.g. <c>Colour</c>) as a TikTok sales attribute: a built-in one by id, or a custom name.</summary>
public sealed record SalesAttributeMapping
{
    public string Option { get; init; } = "";
    public string? AttributeId { get; init; }
    public string? Name { get; init; }
}

public sealed record PriceRuleSpec
{
    /// <summary><c>+10%</c>, <c>-5%</c>, <c>+2.50</c>, <c>-1</c>, or empty.</summary>
    public string? Adjust { get; init; }

    /// <summary><c>none</c>, <c>nearest:0.05</c>, <c>ending:0.99</c>.</summary>
    public string? Rounding { get; init; }
}

public static class SyncFieldNames
{
    public const string Title = "title";
    public const string Description = "description";
    public const string Price = "price";
    public const string Images = "images";
    public const string Weight = "weight";
    public const string Attributes = "attributes";

    public static readonly IReadOnlyList<string> All = [Title, Description, Price, Images, Weight, Attributes];
}

/// <summary>Profile rules that need no TikTok call (pure): shape, sources, price rule; and which profile a product takes.</summary>
public static partial class ProfileRules
{
    public static readonly string[] FixedSources = ["brand", "category", "title"];

    /// <summary>Problems by field path (empty when the profile is well formed).</summary>
    public static Dictionary<string, string[]> Validate(ListingProfile profile)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string path, string message)
        {
            if (!errors.TryGetValue(path, out var list))
            {
                errors[path] = list = [];
            }

            list.Add(message);
        }

        if (!IsName(profile.Name))
        {
            Add("name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }

        if (profile.Priority is < 0 or > 10_000)
        {
            Add("priority", "must be between 0 and 10000");
        }

        if (profile.MatchMode is not ("any" or "all"))
        {
            Add("matchMode", "must be any or all");
        }

        if (!profile.IsDefault && profile.Match.IsEmpty)
        {
            Add("match", "needs at least one condition (categories, tags, brands, skus or productIds), or make this the default profile");
        }

        if (string.IsNullOrWhiteSpace(profile.TikTokCategoryId) || !Id().IsMatch(profile.TikTokCategoryId))
        {
            Add("tiktokCategoryId", "is required: the id of a leaf category of TikTok's category tree");
        }

        if (profile.BrandId is { } brand && !Id().IsMatch(brand))
        {
            Add("brandId", "must be a TikTok brand id (digits)");
        }

        var (_, priceErrors) = PriceRule.Parse(profile.PriceRule.Adjust, profile.PriceRule.Rounding);
        foreach (var (field, message) in priceErrors)
        {
            Add("priceRule." + field, message);
        }

        for (var i = 0; i < profile.Attributes.Count; i++)
        {
            var a = profile.Attributes[i];
            var path = $"attributes[{i}]";
            if (string.IsNullOrWhiteSpace(a.AttributeId) || !Id().IsMatch(a.AttributeId))
            {
                Add(path + ".attributeId", "is required: a TikTok attribute id of the category");
            }

            if ((a.Source is null) == (a.Value is null))
            {
                Add(path, "needs exactly one of source (a product field) or value (a fixed value)");
            }
            else if (a.Source is { } source && !IsSource(source))
            {
                Add(path + ".source", $"'{source}' is not a product field: use brand, category, title or attributes.<name>");
            }
            else if (a.Value is { } value && (string.IsNullOrWhiteSpace(value) || value.Length > 2000))
            {
                Add(path + ".value", "must be 1 to 2000 characters");
            }
        }

        if (profile.Attributes.GroupBy(a => a.AttributeId).Any(g => g.Count() > 1))
        {
            Add("attributes", "maps the same TikTok attribute twice");
        }

        for (var i = 0; i < profile.SalesAttributes.Count; i++)
        {
            var s = profile.SalesAttributes[i];
            var path = $"salesAttributes[{i}]";
            if (string.IsNullOrWhiteSpace(s.Option))
            {
                Add(path + ".option", "is required: the variant option (e.g. Colour)");
            }

            if ((s.AttributeId is null) == (s.Name is null))
            {
                Add(path, "needs exactly one of attributeId (TikTok's built-in sales attribute) or name (a custom one)");
            }
            else if (s.Name is { } name && (name.Trim().Length is 0 or > 20))
            {
                Add(path + ".name", "a custom sales attribute name has 1 to 20 characters");
            }
        }

        if (profile.SalesAttributes.Count > CatalogInput.MaxOptions)
        {
            Add("salesAttributes", $"TikTok allows at most {CatalogInput.MaxOptions} sales attributes");
        }

        foreach (var field in profile.SyncFields.Where(f => !SyncFieldNames.All.Contains(f, StringComparer.OrdinalIgnoreCase)))
        {
            Add("syncFields", $"'{field}' is not a field: use {string.Join(", ", SyncFieldNames.All)}");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    public static bool IsName(string? name) => name is { Length: > 0 and <= 64 } && NameChars().IsMatch(name);

    public static bool IsSource(string source) =>
        FixedSources.Contains(source, StringComparer.Ordinal) || (source.StartsWith("attributes.", StringComparison.Ordinal) && source.Length > "attributes.".Length);

    /// <summary>A product field named by a mapping's source; null when the product has none.</summary>
    public static string? SourceValue(CatalogProduct product, string source) => source switch
    {
        "brand" => product.Brand,
        "category" => product.Category,
        "title" => product.Title,
        _ when source.StartsWith("attributes.", StringComparison.Ordinal) =>
            product.Attributes.FirstOrDefault(a => string.Equals(a.Key, source["attributes.".Length..], StringComparison.OrdinalIgnoreCase)).Value,
        _ => null,
    };

    /// <summary>The profile a product takes for a shop: the first match by priority and name, else the default; null = not listed.</summary>
    public static ListingProfile? Choose(IEnumerable<ListingProfile> profiles, CatalogProduct product, string shopId)
    {
        var candidates = profiles.Where(p => p.AppliesTo(shopId)).ToList();
        return candidates.Where(p => !p.IsDefault).OrderBy(p => p.Priority).ThenBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(p => Matches(p, product))
            ?? candidates.FirstOrDefault(p => p.IsDefault);
    }

    public static bool Matches(ListingProfile profile, CatalogProduct product)
    {
        var m = profile.Match;
        var conditions = new List<bool>();
        if (m.Categories.Count > 0)
        {
            conditions.Add(product.Category is { } c && m.Categories.Any(x =>
                string.Equals(c, x, StringComparison.OrdinalIgnoreCase) || c.StartsWith(x.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase)));
        }

        if (m.Tags.Count > 0)
        {
            conditions.Add(product.Tags.Any(t => m.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)));
        }

        if (m.Brands.Count > 0)
        {
            conditions.Add(product.Brand is { } b && m.Brands.Contains(b, StringComparer.OrdinalIgnoreCase));
        }

        if (m.Skus.Count > 0)
        {
            conditions.Add(product.Variants.Any(v => m.Skus.Contains(v.Sku, StringComparer.Ordinal)));
        }

        if (m.ProductIds.Count > 0)
        {
            conditions.Add(m.ProductIds.Contains(product.Id, StringComparer.Ordinal));
        }

        return conditions.Count > 0 && (profile.MatchMode == "all" ? conditions.All(x => x) : conditions.Any(x => x));
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NameChars();

    [GeneratedRegex("^[0-9]{1,30}$")]
    private static partial Regex Id();
}
