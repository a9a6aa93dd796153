using Connector.Listings;

namespace Connector.UnitTests.Listings;

public sealed class ProfileRulesTests
{
    private static ListingProfile Profile(string name, int priority = 100, bool isDefault = false, ProfileMatch? match = null, string mode = "any") => new()
    {
        Name = name, Priority = priority, IsDefault = isDefault, Match = match ?? new ProfileMatch(), MatchMode = mode, TikTokCategoryId = "600003",
    };

    private static CatalogProduct Product(string category = "Kitchen/Mugs", string? brand = "Acme", params string[] tags) => new()
    {
        Id = "P1", Title = "Mug", Category = category, Brand = brand, Tags = tags, Variants = [new CatalogVariant { Sku = "MUG-1", Price = 10 }],
    };

    [Test]
    public void The_first_matching_profile_by_priority_wins_and_the_default_takes_the_rest()
    {
        var profiles = new[]
        {
            Profile("default", isDefault: true),
            Profile("kitchen", 20, match: new ProfileMatch { Categories = ["kitchen"] }),
            Profile("acme", 10, match: new ProfileMatch { Brands = ["ACME"] }),
            Profile("other-shop", 1, match: new ProfileMatch { Brands = ["Acme"] }) with { Shops = ["another-shop"] },
        };

        Assert.That(ProfileRules.Choose(profiles, Product(), "shop-1")!.Name, Is.EqualTo("acme"));
        Assert.That(ProfileRules.Choose(profiles, Product(brand: "Other"), "shop-1")!.Name, Is.EqualTo("kitchen"), "a parent category matches");
        Assert.That(ProfileRules.Choose(profiles, Product("Garden", "Other"), "shop-1")!.Name, Is.EqualTo("default"));
        Assert.That(ProfileRules.Choose(profiles.Where(p => !p.IsDefault), Product("Garden", "Other"), "shop-1"), Is.Null, "no profile: not listed");
        Assert.That(ProfileRules.Choose(profiles, Product(), "another-shop")!.Name, Is.EqualTo("other-shop"));
    }

    [Test]
    public void All_mode_needs_every_condition()
    {
        var profile = Profile("both", mode: "all", match: new ProfileMatch { Categories = ["Kitchen/Mugs"], Tags = ["sale"] });

        Assert.That(ProfileRules.Matches(profile, Product(tags: "sale")), Is.True);
        Assert.That(ProfileRules.Matches(profile, Product()), Is.False);
        Assert.That(ProfileRules.Matches(profile with { MatchMode = "any" }, Product()), Is.True);
    }

    [Test]
    public void A_malformed_profile_names_each_bad_field()
    {
        var errors = ProfileRules.Validate(Profile("bad name!") with
        {
            TikTokCategoryId = "",
            Match = new ProfileMatch(),
            PriceRule = new PriceRuleSpec { Adjust = "ten percent", Rounding = "ending:2" },
            Attributes = [new AttributeMapping { AttributeId = "100392", Source = "colour" }, new AttributeMapping { AttributeId = "x", Value = "a", Source = "brand" }],
            SalesAttributes = [new SalesAttributeMapping { Option = "Colour", AttributeId = "100000", Name = "Colour" }],
            SyncFields = ["title", "stock"],
        });

        Assert.That(errors.Keys, Is.EquivalentTo(new[]
        {
            "name", "match", "tiktokCategoryId", "priceRule.adjust", "priceRule.rounding", "attributes[0].source", "attributes[1].attributeId", "attributes[1]",
            "salesAttributes[0]", "syncFields",
        }));
    }
}
