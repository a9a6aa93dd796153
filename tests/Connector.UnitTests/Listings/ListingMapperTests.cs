using Connector.Listings;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Listings;

public sealed class ListingMapperTests
{
    private static readonly CategoryInfo Mugs = new("600003", new TikTokCategoryRules(),
    [
        new TikTokAttribute { Id = "100392", Name = "Material", Type = "PRODUCT_PROPERTY", IsRequired = true, Values = [new() { Id = "1", Name = "Ceramic" }, new() { Id = "2", Name = "Glass" }] },
        new TikTokAttribute { Id = "100393", Name = "Capacity", Type = "PRODUCT_PROPERTY", IsCustomizable = true },
        new TikTokAttribute { Id = "100000", Name = "Colour", Type = "SALES_PROPERTY", IsCustomizable = true, Values = [new() { Id = "c1", Name = "Red" }] },
    ]);

    private static readonly ListingProfile Profile = new()
    {
        Name = "mugs", TikTokCategoryId = "600003", IsDefault = true,
        Attributes = [new AttributeMapping { AttributeId = "100392", Source = "attributes.material" }, new AttributeMapping { AttributeId = "100393", Value = "350" }],
        SalesAttributes = [new SalesAttributeMapping { Option = "Colour", AttributeId = "100000" }],
        PriceRule = new PriceRuleSpec { Adjust = "+10%", Rounding = "ending:0.99" },
    };

    private static CatalogProduct Mug(string material = "Ceramic", decimal price = 10m) => new()
    {
        Id = "MUG", Title = "Stoneware mug", Description = "<p>Big</p>", Images = ["https://img.example/a.png"], Attributes = new Dictionary<string, string> { ["material"] = material },
        Weight = new CatalogWeight(350, "GRAM"), Dimensions = new CatalogDimensions(95, 85, 100, "MILLIMETER"),
        Variants =
        [
            new CatalogVariant { Sku = "MUG-RED", Price = price, Options = [new CatalogOption("Colour", "Red")] },
            new CatalogVariant { Sku = "MUG-PINK", Price = price, Options = [new CatalogOption("Colour", "Pink")] },
        ],
    };

    [Test]
    public void A_valid_product_maps_attributes_sales_attributes_package_and_rule_applied_prices()
    {
        var mapped = ListingMapper.Map(Mug(), Profile, "GB", Mugs, brandId: null);

        Assert.That(mapped.Problems, Is.Empty);
        Assert.That(mapped.Attributes.Select(a => (a.Id, a.Values[0].Id, a.Values[0].Name)), Is.EqualTo(new[] { ("100392", "1", (string?)null), ("100393", null, "350") }));
        Assert.That(mapped.Skus.Select(s => s.Price), Is.All.EqualTo(11.99m));
        Assert.That(mapped.Skus[0].SalesAttributes.Single(), Is.EqualTo(new TikTokSalesAttributeWrite { Id = "100000", ValueId = "c1" }));
        Assert.That(mapped.Skus[1].SalesAttributes.Single(), Is.EqualTo(new TikTokSalesAttributeWrite { Id = "100000", ValueName = "Pink" }), "a custom value of a built-in attribute");
        Assert.That(mapped.Weight, Is.EqualTo(new TikTokPackageWeight { Value = "0.35", Unit = "KILOGRAM" }));
        Assert.That(mapped.Dimensions, Is.EqualTo(new TikTokPackageDimensions { Length = "10", Width = "9", Height = "10", Unit = "CENTIMETER" }), "rounded up to whole centimetres");
        Assert.That(mapped.Currency, Is.EqualTo("GBP"));
    }

    [Test]
    public void Us_shops_keep_pounds_and_inches_together()
    {
        var mapped = ListingMapper.Map(Mug() with { Weight = new CatalogWeight(12, "OUNCE"), Dimensions = new CatalogDimensions(10, 10, 12, "CENTIMETER") }, Profile, "US", Mugs, null);

        Assert.That(mapped.Weight, Is.EqualTo(new TikTokPackageWeight { Value = "0.75", Unit = "POUND" }));
        Assert.That(mapped.Dimensions!.Unit, Is.EqualTo("INCH"));
        Assert.That(mapped.Dimensions.Height, Is.EqualTo("5"));
        Assert.That(mapped.Currency, Is.EqualTo("USD"));
    }

    [Test]
    public void What_breaks_tiktoks_or_the_categorys_rules_is_listed_per_field()
    {
        var product = Mug(material: "Wood", price: 6000m) with { Title = new string('t', 256), Images = [], Weight = null, Description = "" };
        var rules = Mugs with
        {
            Rules = new TikTokCategoryRules
            {
                PackageDimension = new TikTokRuleFlags { IsRequired = true },
                ProductCertifications = [new TikTokCertificationRule { Id = "9", Name = "Food contact certificate", IsRequired = true }],
            },
        };

        var mapped = ListingMapper.Map(product with { Dimensions = null }, Profile, "GB", rules, null);

        Assert.That(mapped.Problems.Select(p => p.Field), Is.EquivalentTo(new[]
        {
            "title", "description", "images", "weight", "dimensions", "attributes.Material", "variants[0].price", "variants[1].price", "certifications",
        }));
        Assert.That(mapped.Problems.Single(p => p.Field == "attributes.Material").Message, Does.Contain("'Wood' is not one of TikTok's values for Material: Ceramic, Glass"));
        Assert.That(mapped.Problems.Single(p => p.Field == "variants[0].price").Message, Does.Contain("6600.99 GBP").And.Contain("0.01 to 5600.00"));
    }

    [Test]
    public void A_required_attribute_without_a_mapping_names_the_profile()
    {
        var mapped = ListingMapper.Map(Mug(), Profile with { Attributes = [] }, "GB", Mugs, null);

        Assert.That(mapped.Problems.Single().Field, Is.EqualTo("attributes.Material"));
        Assert.That(mapped.Problems.Single().Message, Does.Contain("TikTok requires Material").And.Contain("map it in profile mugs"));
    }

    [Test]
    public void A_price_change_changes_only_that_skus_price_fingerprint()
    {
        var before = ListingMapper.Map(Mug(), Profile, "GB", Mugs, null).Fingerprints();
        var cheaper = Mug() with { Variants = [Mug().Variants[0] with { Price = 20m }, Mug().Variants[1]] };
        var after = ListingMapper.Map(cheaper, Profile, "GB", Mugs, null).Fingerprints();

        Assert.That(after.Where(p => before[p.Key] != p.Value).Select(p => p.Key), Is.EqualTo(new[] { "price:MUG-RED" }));
    }
}
