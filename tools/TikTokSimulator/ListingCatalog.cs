namespace TikTokSimulator;

public sealed record SimCategory(string Id, string ParentId, string LocalName, bool IsLeaf, IReadOnlyList<string> PermissionStatuses);

public sealed record SimAttributeValue(string Id, string Name);

public sealed record SimAttribute(string Id, string Name, string Type, bool IsRequired, IReadOnlyList<SimAttributeValue> Values, bool IsCustomizable,
    bool IsMultipleSelection, string? ValueDataFormat = null);

public sealed record SimCertification(string Id, string Name);

public sealed record SimCategoryRules(bool SizeChartRequired, bool PackageDimensionRequired, IReadOnlyList<SimCertification> RequiredCertifications);

public sealed record SimBrand(string Id, string Name, string AuthorizedStatus);

/// <summary>
/// The simulator's TikTok category tree, category rules, attributes and brands (the same in every region; US shops ask
/// for it with <c>category_version=v2</c>, others with <c>v1</c>, as TikTok requires):
/// <code>
/// 600001 Home Supplies > 600002 Kitchenware > 600003 Mugs &amp; Cups (leaf: Material required; sales: Colour)
///                                            > 600004 Teapots (leaf)
/// 601001 Womenswear > 601002 Women's Tops > 601003 T-shirts (leaf: Material required, Pattern; sales: Colour, Size required)
/// 602001 Beauty &amp; Personal Care > 602002 Skincare > 602003 Face Creams (leaf: package dimensions and a certification required)
/// 603001 Collectibles > 603002 Antiques (leaf, INVITE_ONLY)
/// </code>
/// </summary>
public static class SimListingCatalog
{
    public const string Mugs = "600003";
    public const string Teapots = "600004";
    public const string TShirts = "601003";
    public const string FaceCreams = "602003";
    public const string Antiques = "603002";

    public const string MaterialAttribute = "100392";
    public const string PatternAttribute = "100394";
    public const string CapacityAttribute = "100393";
    public const string ColourAttribute = "100000";
    public const string SizeAttribute = "100007";

    private static readonly string[] Available = ["AVAILABLE"];

    public static readonly IReadOnlyList<SimCategory> Categories =
    [
        new("600001", "0", "Home Supplies", false, Available),
        new("600002", "600001", "Kitchenware", false, Available),
        new(Mugs, "600002", "Mugs & Cups", true, Available),
        new(Teapots, "600002", "Teapots", true, Available),
        new("601001", "0", "Womenswear & Underwear", false, Available),
        new("601002", "601001", "Women's Tops", false, Available),
        new(TShirts, "601002", "T-shirts", true, Available),
        new("602001", "0", "Beauty & Personal Care", false, Available),
        new("602002", "602001", "Skincare", false, Available),
        new(FaceCreams, "602002", "Face Creams", true, Available),
        new("603001", "0", "Collectibles", false, Available),
        new(Antiques, "603001", "Antiques", true, ["INVITE_ONLY"]),
    ];

    private static readonly SimAttribute Colour = new(ColourAttribute, "Colour", "SALES_PROPERTY", false,
        [new("1000001", "Red"), new("1000002", "White"), new("1000003", "Black"), new("1000004", "Blue"), new("1000005", "Green")], true, false);

    private static readonly SimAttribute Size = new(SizeAttribute, "Size", "SALES_PROPERTY", true,
        [new("1000701", "XS"), new("1000702", "S"), new("1000703", "M"), new("1000704", "L"), new("1000705", "XL")], true, false);

    public static IReadOnlyList<SimAttribute> Attributes(string categoryId) => categoryId switch
    {
        Mugs =>
        [
            new(MaterialAttribute, "Material", "PRODUCT_PROPERTY", true, [new("1003921", "Ceramic"), new("1003922", "Glass"), new("1003923", "Porcelain")], false, false),
            new(CapacityAttribute, "Capacity (ml)", "PRODUCT_PROPERTY", false, [], true, false, "POSITIVE_INT_OR_DECIMAL"),
            Colour,
        ],
        Teapots => [new(MaterialAttribute, "Material", "PRODUCT_PROPERTY", false, [new("1003921", "Ceramic"), new("1003922", "Glass"), new("1003924", "Cast iron")], true, false)],
        TShirts =>
        [
            new(MaterialAttribute, "Material", "PRODUCT_PROPERTY", true, [new("1003925", "Cotton"), new("1003926", "Polyester"), new("1003927", "Linen")], true, true),
            new(PatternAttribute, "Pattern", "PRODUCT_PROPERTY", false, [new("1003941", "Plain"), new("1003942", "Striped"), new("1003943", "Printed")], false, false),
            Colour,
            Size,
        ],
        FaceCreams => [new("100396", "Skin Type", "PRODUCT_PROPERTY", false, [new("1003961", "All"), new("1003962", "Dry"), new("1003963", "Oily")], false, true)],
        _ => [],
    };

    public static SimCategoryRules Rules(string categoryId) => categoryId switch
    {
        FaceCreams => new SimCategoryRules(false, true, [new SimCertification("602362", "Cosmetic product safety report")]),
        _ => new SimCategoryRules(false, false, []),
    };

    public static readonly IReadOnlyList<SimBrand> Brands =
    [
        new("7082427311584347905", "Teas", "AUTHORIZED"),
        new("7082427311584347906", "Acme Home", "AUTHORIZED"),
        new("7082427311584347907", "Northwind", "UNAUTHORIZED"),
        new("7082427311584347908", "Acme Outdoor", "AUTHORIZED"),
    ];

    /// <summary>TikTok's recommendation: a leaf by keywords in the title (no match: TikTok's 12019064).</summary>
    public static string? Recommend(string title)
    {
        var t = title.ToLowerInvariant();
        return t.Contains("mug", StringComparison.Ordinal) || t.Contains("cup", StringComparison.Ordinal) ? Mugs
            : t.Contains("teapot", StringComparison.Ordinal) ? Teapots
            : t.Contains("t-shirt", StringComparison.Ordinal) || t.Contains("tee", StringComparison.Ordinal) || t.Contains("shirt", StringComparison.Ordinal) ? TShirts
            : t.Contains("cream", StringComparison.Ordinal) || t.Contains("serum", StringComparison.Ordinal) ? FaceCreams
            : null;
    }

    public static SimCategory? Category(string? id) => Categories.FirstOrDefault(c => c.Id == id);

    /// <summary>The category and its parents, root first.</summary>
    public static IReadOnlyList<SimCategory> Chain(string id)
    {
        var chain = new List<SimCategory>();
        for (var c = Category(id); c is not null; c = Category(c.ParentId))
        {
            chain.Insert(0, c);
        }

        return chain;
    }
}
