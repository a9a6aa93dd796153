using System.Globalization;
using Connector.TikTok.Api;

namespace Connector.Listings;

/// <summary>Why a product is held: the field and what to do about it.</summary>
public sealed record ListingProblem(string Field, string Message);

/// <summary>A catalog product as it goes to one TikTok shop through its profile (before its images are uploaded).</summary>
public sealed record MappedProduct
{
    public required string ProductId { get; init; }
    public required string ProfileName { get; init; }
    public required string CategoryId { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<string> ImageUrls { get; init; }
    public string? BrandId { get; init; }
    public TikTokPackageWeight? Weight { get; init; }
    public TikTokPackageDimensions? Dimensions { get; init; }
    public IReadOnlyList<TikTokProductAttributeWrite> Attributes { get; init; } = [];
    public required IReadOnlyList<MappedSku> Skus { get; init; }
    public required string Currency { get; init; }
    public IReadOnlyList<ListingProblem> Problems { get; init; } = [];

    /// <summary>Every image the product needs on TikTok (gallery and variant images), each once.</summary>
    public IEnumerable<string> AllImageUrls => ImageUrls.Concat(Skus.Select(s => s.ImageUrl).OfType<string>()).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// A fingerprint per field TikTok keeps: <c>title</c>, <c>description</c>, <c>images</c>, <c>weight</c> (with the
    /// dimensions), <c>attributes</c> (with the brand), <c>variants</c> (which SKUs with which sales attributes and images)
    /// and <c>price:{seller sku}</c> per SKU. A field whose fingerprint differs from the pushed one has changed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Fingerprints()
    {
        var prints = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SyncFieldNames.Title] = CatalogJson.Fingerprint(Title),
            [SyncFieldNames.Description] = CatalogJson.Fingerprint(Description),
            [SyncFieldNames.Images] = CatalogJson.Fingerprint(ImageUrls),
            [SyncFieldNames.Weight] = CatalogJson.Fingerprint(new { Weight, Dimensions }),
            [SyncFieldNames.Attributes] = CatalogJson.Fingerprint(new { BrandId, Attributes }),
            [ListingFields.Variants] = CatalogJson.Fingerprint(Skus.Select(s => new { s.SellerSku, s.SalesAttributes, s.ImageUrl })),
        };
        foreach (var sku in Skus)
        {
            prints[ListingFields.Price(sku.SellerSku)] = CatalogJson.Fingerprint(new { sku.Price, sku.ListPrice });
        }

        return prints;
    }
}

public sealed record MappedSku
{
    public required string SellerSku { get; init; }
    public required decimal Price { get; init; }
    public decimal? ListPrice { get; init; }
    public IReadOnlyList<TikTokSalesAttributeWrite> SalesAttributes { get; init; } = [];
    public string? ImageUrl { get; init; }
    public string? Barcode { get; init; }
}

public static class ListingFields
{
    public const string Variants = "variants";
    public const string PricePrefix = "price:";

    public static string Price(string sellerSku) => PricePrefix + sellerSku;
}

/// <summary>
/// Maps a catalog product through its profile to TikTok's product for one shop, and checks it against TikTok's rules and
/// the category's own rules before any call: title length of the region, description, 1-9 images, package weight and
/// (when the category asks) dimensions, required and conditionally required attributes with TikTok's values, sales
/// attributes, price range of the region after the price rule, SKUs per product, certifications and size charts the
/// connector cannot supply. Pure: the problems say what to fix, per field.
/// </summary>
public static class ListingMapper
{
    public static MappedProduct Map(CatalogProduct product, ListingProfile profile, string region, CategoryInfo category, string? brandId)
    {
        var rules = ListingRegion.For(region);
        var problems = new List<ListingProblem>();
        var rule = profile.Rule();

        if (product.Title.Length < rules.MinTitle || product.Title.Length > rules.MaxTitle)
        {
            problems.Add(new("title", $"is {product.Title.Length} characters; TikTok allows {rules.MinTitle} to {rules.MaxTitle} in {rules.Code}"));
        }

        if (string.IsNullOrWhiteSpace(product.Description))
        {
            problems.Add(new("description", "TikTok requires a description"));
        }

        if (product.Images.Count == 0)
        {
            problems.Add(new("images", "TikTok needs 1 to 9 images; the product has none"));
        }

        var (weight, dimensions) = Package(product, rules, category, problems);
        var attributes = Attributes(product, profile, category, problems);
        var skus = Skus(product, profile, rule, rules, category, problems);
        if (skus.Count > rules.MaxSkus)
        {
            problems.Add(new("variants", $"has {skus.Count} variants; TikTok allows at most {rules.MaxSkus} in {rules.Code}"));
        }

        CategoryRules(category, attributes, problems);
        return new MappedProduct
        {
            ProductId = product.Id,
            ProfileName = profile.Name,
            CategoryId = category.CategoryId,
            Title = product.Title,
            Description = product.Description,
            ImageUrls = product.Images,
            BrandId = brandId,
            Weight = weight,
            Dimensions = dimensions,
            Attributes = attributes,
            Skus = skus,
            Currency = rules.Currency,
            Problems = problems,
        };
    }

    /// <summary>TikTok's create body, once every image has its TikTok URI.</summary>
    public static TikTokProductCreate ToCreate(MappedProduct mapped, IReadOnlyDictionary<string, string> imageUris, string description, string warehouseId,
        string saveMode, string categoryVersion, string idempotencyKey) => new()
        {
            SaveMode = saveMode,
            Title = mapped.Title,
            Description = description,
            CategoryId = mapped.CategoryId,
            CategoryVersion = categoryVersion,
            BrandId = mapped.BrandId,
            MainImages = mapped.ImageUrls.Select(u => new TikTokImageRef { Uri = imageUris[u] }).ToArray(),
            PackageWeight = mapped.Weight ?? new TikTokPackageWeight(),
            PackageDimensions = mapped.Dimensions,
            ProductAttributes = mapped.Attributes.Count == 0 ? null : mapped.Attributes,
            Skus = Skus(mapped, imageUris, warehouseId, existing: null),
            ExternalProductId = mapped.ProductId.Length <= 64 ? mapped.ProductId : null,
            IdempotencyKey = idempotencyKey,
        };

    /// <summary>The SKUs of a create or of a variants edit (<paramref name="existing"/>: TikTok's SKU id per seller SKU).</summary>
    public static IReadOnlyList<TikTokSkuWrite> Skus(MappedProduct mapped, IReadOnlyDictionary<string, string> imageUris, string warehouseId,
        IReadOnlyDictionary<string, string>? existing) =>
        mapped.Skus.Select(s => new TikTokSkuWrite
        {
            Id = existing is not null && existing.TryGetValue(s.SellerSku, out var id) ? id : null,
            SellerSku = s.SellerSku,
            Price = new TikTokPriceWrite { Amount = s.Price, Currency = mapped.Currency },
            ListPrice = s.ListPrice is { } list ? new TikTokListPriceWrite { Amount = list, Currency = mapped.Currency } : null,
            Inventory = [new TikTokInventoryWrite { WarehouseId = warehouseId }],
            SalesAttributes = s.SalesAttributes.Count == 0
                ? null
                : s.SalesAttributes.Select((a, i) => i == 0 && s.ImageUrl is { } image && imageUris.TryGetValue(image, out var uri) ? a with { SkuImg = new TikTokImageRef { Uri = uri } } : a)
                    .ToArray(),
            ExternalSkuId = s.SellerSku,
        }).ToArray();

    private static (TikTokPackageWeight?, TikTokPackageDimensions?) Package(CatalogProduct product, ListingRegion rules, CategoryInfo category, List<ListingProblem> problems)
    {
        TikTokPackageWeight? weight = null;
        var imperial = false;
        if (product.Weight is not { } w)
        {
            problems.Add(new("weight", "TikTok requires the package weight"));
        }
        else
        {
            var kilograms = w.Unit switch
            {
                "GRAM" => w.Value / 1000m,
                "POUND" => w.Value * 0.45359237m,
                "OUNCE" => w.Value * 0.028349523125m,
                _ => w.Value,
            };
            if (w.Unit is "POUND" or "OUNCE" && rules.WeightUnits.Contains("POUND"))
            {
                imperial = true;
                var pounds = w.Unit == "OUNCE" ? w.Value / 16m : w.Value;
                weight = new TikTokPackageWeight { Value = Format(Math.Max(0.01m, Math.Ceiling(pounds * 100) / 100)), Unit = "POUND" };
            }
            else if (w.Unit == "GRAM" && rules.WeightUnits.Contains("GRAM"))
            {
                weight = new TikTokPackageWeight { Value = Format(Math.Max(1m, Math.Ceiling(w.Value))), Unit = "GRAM" };
            }
            else
            {
                weight = new TikTokPackageWeight { Value = Format(Math.Max(0.001m, Math.Ceiling(kilograms * 1000) / 1000)), Unit = "KILOGRAM" };
            }
        }

        TikTokPackageDimensions? dimensions = null;
        if (product.Dimensions is { } d)
        {
            var toCentimeters = d.Unit switch { "MILLIMETER" => 0.1m, "INCH" => 2.54m, _ => 1m };
            var factor = imperial ? toCentimeters / 2.54m : toCentimeters;
            string Side(decimal value) => Format(Math.Max(1m, Math.Ceiling(decimal.Round(value * factor, 6))));
            dimensions = new TikTokPackageDimensions { Length = Side(d.Length), Width = Side(d.Width), Height = Side(d.Height), Unit = imperial ? "INCH" : "CENTIMETER" };
        }
        else if (category.Rules.PackageDimension?.IsRequired == true)
        {
            problems.Add(new("dimensions", $"TikTok requires the package dimensions for category {category.CategoryId}"));
        }

        return (weight, dimensions);
    }

    private static List<TikTokProductAttributeWrite> Attributes(CatalogProduct product, ListingProfile profile, CategoryInfo category, List<ListingProblem> problems)
    {
        var written = new List<TikTokProductAttributeWrite>();
        var productAttributes = category.Attributes.Where(a => !a.IsSalesAttribute).ToList();
        foreach (var attribute in productAttributes)
        {
            var mapping = profile.Attributes.FirstOrDefault(m => m.AttributeId == attribute.Id);
            var raw = mapping?.Value ?? (mapping?.Source is { } source ? ProfileRules.SourceValue(product, source) : null);
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var texts = attribute.IsMultipleSelection
                ? raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [raw.Trim()];
            var values = new List<TikTokAttributeValueWrite>();
            foreach (var text in texts)
            {
                var known = attribute.Values.FirstOrDefault(v => string.Equals(v.Name, text, StringComparison.OrdinalIgnoreCase));
                if (known is not null)
                {
                    values.Add(new TikTokAttributeValueWrite { Id = known.Id });
                }
                else if (attribute.IsCustomizable || attribute.Values.Count == 0)
                {
                    values.Add(new TikTokAttributeValueWrite { Name = text.Length > 2000 ? text[..2000] : text });
                }
                else
                {
                    problems.Add(new($"attributes.{attribute.Name}",
                        $"'{text}' is not one of TikTok's values for {attribute.Name}: {string.Join(", ", attribute.Values.Take(10).Select(v => v.Name))}{(attribute.Values.Count > 10 ? ", ..." : "")}"));
                }
            }

            if (values.Count > 0)
            {
                written.Add(new TikTokProductAttributeWrite { Id = attribute.Id, Values = values });
            }
        }

        foreach (var attribute in productAttributes.Where(a => written.All(w => w.Id != a.Id) && IsRequired(a, written)))
        {
            var mapping = profile.Attributes.FirstOrDefault(m => m.AttributeId == attribute.Id);
            var why = mapping?.Source is { } source
                ? $"the product has no {source}"
                : mapping is null ? $"map it in profile {profile.Name} (a product field or a fixed value)" : "the mapped value is empty";
            if (!problems.Any(p => p.Field == $"attributes.{attribute.Name}"))
            {
                problems.Add(new($"attributes.{attribute.Name}", $"TikTok requires {attribute.Name} (attribute {attribute.Id}) for category {category.CategoryId}: {why}"));
            }
        }

        return written;
    }

    private static bool IsRequired(TikTokAttribute attribute, IReadOnlyList<TikTokProductAttributeWrite> chosen) =>
        attribute.IsRequired || attribute.RequirementConditions.Any(c => Met(c, chosen));

    private static bool Met(TikTokRequirementCondition condition, IReadOnlyList<TikTokProductAttributeWrite> chosen) =>
        chosen.Any(a => a.Id == condition.AttributeId && a.Values.Any(v => v.Id == condition.AttributeValueId));

    private static List<MappedSku> Skus(CatalogProduct product, ListingProfile profile, PriceRule rule, ListingRegion rules, CategoryInfo category, List<ListingProblem> problems)
    {
        var skus = new List<MappedSku>();
        var salesAttributes = category.Attributes.Where(a => a.IsSalesAttribute).ToList();
        var withOptions = product.Variants.Count > 1 || product.Variants.Any(v => v.Options.Count > 0);
        for (var i = 0; i < product.Variants.Count; i++)
        {
            var variant = product.Variants[i];
            var price = rule.Apply(variant.Price);
            if (price < rules.MinPrice || price > rules.MaxPrice)
            {
                problems.Add(new($"variants[{i}].price",
                    $"{Money(price)} {rules.Currency} (catalog {Money(variant.Price)}, profile rule {rule}) is outside TikTok's price range in {rules.Code}: {Money(rules.MinPrice)} to {Money(rules.MaxPrice)}"));
            }

            decimal? listPrice = variant.CompareAtPrice is { } compare && rules.Code == "US" && compare > 0 ? decimal.Round(compare, 2) : null;
            var attributes = new List<TikTokSalesAttributeWrite>();
            if (withOptions)
            {
                foreach (var option in variant.Options)
                {
                    var mapping = profile.SalesAttributes.FirstOrDefault(s => string.Equals(s.Option, option.Name, StringComparison.OrdinalIgnoreCase));
                    var builtIn = mapping?.AttributeId is { } id ? salesAttributes.FirstOrDefault(a => a.Id == id) : null;
                    if (builtIn is not null)
                    {
                        var value = builtIn.Values.FirstOrDefault(v => string.Equals(v.Name, option.Value, StringComparison.OrdinalIgnoreCase));
                        attributes.Add(value is null
                            ? new TikTokSalesAttributeWrite { Id = builtIn.Id, ValueName = option.Value }
                            : new TikTokSalesAttributeWrite { Id = builtIn.Id, ValueId = value.Id });
                    }
                    else
                    {
                        attributes.Add(new TikTokSalesAttributeWrite { Name = mapping?.Name ?? option.Name, ValueName = option.Value });
                    }
                }
            }

            skus.Add(new MappedSku
            {
                SellerSku = variant.Sku, Price = price, ListPrice = listPrice >= price ? listPrice : null, SalesAttributes = attributes, ImageUrl = variant.Image,
                Barcode = variant.Barcode,
            });
        }

        if (withOptions)
        {
            foreach (var required in salesAttributes.Where(a => a.IsRequired))
            {
                if (!profile.SalesAttributes.Any(s => s.AttributeId == required.Id && product.Variants.All(v => v.Options.Any(o => string.Equals(o.Name, s.Option, StringComparison.OrdinalIgnoreCase)))))
                {
                    problems.Add(new("variants", $"TikTok requires the sales attribute {required.Name} (attribute {required.Id}) for category {category.CategoryId}: "
                        + $"map a variant option to it in profile {profile.Name}"));
                }
            }
        }

        return skus;
    }

    private static void CategoryRules(CategoryInfo category, IReadOnlyList<TikTokProductAttributeWrite> attributes, List<ListingProblem> problems)
    {
        foreach (var certification in category.Rules.ProductCertifications.Where(c => c.IsRequired || c.RequirementConditions.Any(x => Met(x, attributes))))
        {
            problems.Add(new("certifications", $"TikTok requires the certification '{certification.Name ?? certification.Id}' for category {category.CategoryId}; "
                + "the connector does not send certificates: add it in Seller Center or choose another category"));
        }

        if (category.Rules.SizeChart?.IsRequired == true)
        {
            problems.Add(new("sizeChart", $"TikTok requires a size chart for category {category.CategoryId}; the connector does not send size charts: choose another category or list it in Seller Center"));
        }

        foreach (var (flag, name) in new[] { (category.Rules.Epr, "extended producer responsibility (EPR) details"), (category.Rules.ResponsiblePerson, "a responsible person"),
                     (category.Rules.Manufacturer, "manufacturer details") })
        {
            if (flag?.IsRequired == true)
            {
                problems.Add(new("compliance", $"TikTok requires {name} for category {category.CategoryId}; add them in Seller Center"));
            }
        }
    }

    private static string Format(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
