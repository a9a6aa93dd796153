using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Connector.Http;

namespace Connector.Listings;

/// <summary>The filters of a listing list: <c>?status=&amp;format=json|csv&amp;pageSize=&amp;continuationToken=</c>.</summary>
public sealed record ListingFilter(ListingStatus? Status, bool Csv, int PageSize, string? ContinuationToken)
{
    internal static ListingFilter Bind(RequestReader r)
    {
        r.What = "listing list's filters";
        return new ListingFilter(r.QueryEnum<ListingStatus>("status"), ListingQuery.Choice(r, "format", "json", "csv") == "csv", r.PageSize(), r.Continuation());
    }
}

/// <summary>GET /api/merchants/{merchantId}/shops/{shopId}/listings (the merchant's, function key).</summary>
public sealed record ListMerchantListings(string MerchantId, string ShopId, ListingFilter Filter)
{
    public static ListMerchantListings Bind(RequestReader r, string merchantId, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ListMerchantListings(r.Id("merchantId", merchantId), r.Id("shopId", shopId), ListingFilter.Bind(r));
    }
}

/// <summary>GET /api/admin/shops/{shopId}/listings (support's).</summary>
public sealed record ListShopListings(string ShopId, ListingFilter Filter)
{
    public static ListShopListings Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ListShopListings(r.Id("shopId", shopId), ListingFilter.Bind(r));
    }
}

/// <summary>GET .../tiktok/categories?keyword=&amp;leafOnly=true.</summary>
public sealed record ListTikTokCategories(string MerchantId, string ShopId, string? Keyword, bool LeafOnly)
{
    public const int MaxKeywordLength = 100;

    public static ListTikTokCategories Bind(RequestReader r, string merchantId, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ListTikTokCategories(
            r.Id("merchantId", merchantId), r.Id("shopId", shopId), ListingQuery.Text(r, "keyword", MaxKeywordLength), r.QueryBool("leafOnly") ?? false);
    }
}

/// <summary>GET .../tiktok/categories/{categoryId}: TikTok's category ids are digits.</summary>
public sealed partial record GetTikTokCategory(string MerchantId, string ShopId, string CategoryId)
{
    public static GetTikTokCategory Bind(RequestReader r, string merchantId, string shopId, string categoryId)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!CategoryIdPattern().IsMatch(categoryId ?? ""))
        {
            r.Fail("categoryId", "must be TikTok's category id: 1 to 30 digits");
        }

        return new GetTikTokCategory(r.Id("merchantId", merchantId), r.Id("shopId", shopId), categoryId ?? "");
    }

    [GeneratedRegex("^[0-9]{1,30}$")]
    private static partial Regex CategoryIdPattern();
}

/// <summary>GET .../tiktok/category-recommendation?productId=: TikTok's category for a product of the merchant's catalog.</summary>
public sealed record RecommendCategory(string MerchantId, string ShopId, string ProductId)
{
    public static RecommendCategory Bind(RequestReader r, string merchantId, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        var productId = ListingQuery.Text(r, "productId", CatalogInput.MaxIdLength);
        if (productId is null && !r.Errors.ContainsKey("productId"))
        {
            r.Fail("productId", "required: the id of a product of the merchant's catalog");
        }

        return new RecommendCategory(r.Id("merchantId", merchantId), r.Id("shopId", shopId), productId ?? "");
    }
}

/// <summary>GET .../tiktok/brands?name=&amp;pageToken=: TikTok's brands whose name starts with <c>name</c>.</summary>
public sealed record ListTikTokBrands(string MerchantId, string ShopId, string? Name, string? PageToken)
{
    public static ListTikTokBrands Bind(RequestReader r, string merchantId, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ListTikTokBrands(r.Id("merchantId", merchantId), r.Id("shopId", shopId), ListingQuery.Text(r, "name", 100), ListingQuery.Text(r, "pageToken", 1000));
    }
}

/// <summary>POST /api/admin/shops/{shopId}/listings/push[?all=true]: <c>all</c> looks at every catalog product again.</summary>
public sealed record PushListings(string ShopId, bool All, string Caller)
{
    public static PushListings Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new PushListings(r.Id("shopId", shopId), r.QueryBool("all") ?? false, r.Caller);
    }
}

/// <summary>POST /api/admin/shops/{shopId}/listings/prerequisites: ask TikTok now.</summary>
public sealed record CheckListingPrerequisites(string ShopId, string Caller)
{
    public static CheckListingPrerequisites Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new CheckListingPrerequisites(r.Id("shopId", shopId), r.Caller);
    }
}

/// <summary>
/// PUT /api/merchants/{merchantId}/listing-profiles/{name}: the profile's shape (unknown fields and wrong types named) and
/// its own rules (<see cref="ProfileRules.Validate"/>) are checked here; what needs the merchant's shops and TikTok's
/// category tree is checked by the operation.
/// </summary>
public sealed record PutListingProfile(string MerchantId, ListingProfile Profile)
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    private const string Shape = "a listing profile: {\"tiktokCategoryId\": \"...\", \"match\": {...}, \"priceRule\": {...}, ...}";

    private sealed record Body
    {
        public int? Priority { get; init; }
        public bool IsDefault { get; init; }
        public ProfileMatch? Match { get; init; }
        public string? MatchMode { get; init; }
        public List<string>? Shops { get; init; }
        [JsonPropertyName("tiktokCategoryId")]
        public string? TikTokCategoryId { get; init; }
        public string? BrandId { get; init; }
        public bool BrandFromProduct { get; init; }
        public List<AttributeMapping>? Attributes { get; init; }
        public List<SalesAttributeMapping>? SalesAttributes { get; init; }
        public PriceRuleSpec? PriceRule { get; init; }
        public List<string>? SyncFields { get; init; }
    }

    public static PutListingProfile Bind(RequestReader r, string merchantId, string name)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = $"profile {name}";
        merchantId = r.Id("merchantId", merchantId);
        Body? body = null;
        if (r.Object(Shape) is { } json)
        {
            try
            {
                body = json.Deserialize<Body>(Strict);
            }
            catch (JsonException e)
            {
                var path = JsonBinding.FieldPath(e.Path);
                r.Fail(path.Length > 0 ? path : "", "unknown field, or a value of the wrong type");
            }
        }

        var profile = new ListingProfile
        {
            Name = name ?? "",
            Priority = body?.Priority ?? 100,
            IsDefault = body?.IsDefault ?? false,
            Match = body?.Match ?? new ProfileMatch(),
            MatchMode = body?.MatchMode ?? "any",
            Shops = body?.Shops ?? [],
            TikTokCategoryId = body?.TikTokCategoryId ?? "",
            BrandId = body?.BrandId,
            BrandFromProduct = body?.BrandFromProduct ?? false,
            Attributes = body?.Attributes ?? [],
            SalesAttributes = body?.SalesAttributes ?? [],
            PriceRule = body?.PriceRule ?? new PriceRuleSpec(),
            SyncFields = body?.SyncFields?.Select(f => f.ToLowerInvariant()).Distinct().ToArray() ?? SyncFieldNames.All,
            UpdatedAt = r.Now,
        };
        if (body is not null)
        {
            foreach (var (field, errors) in ProfileRules.Validate(profile))
            {
                r.Fail(field, errors);
            }
        }

        return new PutListingProfile(merchantId, profile);
    }
}

/// <summary>GET /api/merchants/{merchantId}/listing-profiles.</summary>
public sealed record ListListingProfiles(string MerchantId)
{
    public static ListListingProfiles Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ListListingProfiles(r.Id("merchantId", merchantId));
    }
}

/// <summary>DELETE /api/merchants/{merchantId}/listing-profiles/{name}.</summary>
public sealed record DeleteListingProfile(string MerchantId, string Name)
{
    public static DeleteListingProfile Bind(RequestReader r, string merchantId, string name)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!ProfileRules.IsName(name))
        {
            r.Fail("name", "must be a profile's name: 1 to 64 letters, digits, '.', '_' or '-'");
        }

        return new DeleteListingProfile(r.Id("merchantId", merchantId), name ?? "");
    }
}

/// <summary>
/// PUT /api/merchants/{merchantId}/products <c>{"products": [...]}</c>: 1 to <see cref="CatalogInput.MaxProductsPerRequest"/>
/// products, every one checked (<see cref="CatalogInput.Read"/>); one bad product refuses the request, naming each bad field.
/// </summary>
public sealed record PutCatalogProducts(string MerchantId, IReadOnlyList<CatalogProduct> Products)
{
    private const string Shape = "{\"products\": [{\"id\": \"...\", \"title\": \"...\", \"variants\": [{\"sku\": \"...\", \"price\": 9.99}]}]}";

    public static PutCatalogProducts Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "catalog";
        merchantId = r.Id("merchantId", merchantId);
        if (r.Object(Shape) is not { } body)
        {
            return new PutCatalogProducts(merchantId, []);
        }

        if (RequestReader.Member(body, "products") is not { ValueKind: JsonValueKind.Array } products || products.GetArrayLength() == 0)
        {
            r.Fail("products", "required: a non-empty list of products, each with id, title and variants [{sku, price}]");
            return new PutCatalogProducts(merchantId, []);
        }

        if (products.GetArrayLength() > CatalogInput.MaxProductsPerRequest)
        {
            r.Fail("products", $"at most {CatalogInput.MaxProductsPerRequest} per request; this one has {products.GetArrayLength()}");
            return new PutCatalogProducts(merchantId, []);
        }

        var (read, errors) = CatalogInput.Read(products);
        foreach (var (field, messages) in errors)
        {
            r.Fail(field, messages);
        }

        return new PutCatalogProducts(merchantId, read);
    }
}

/// <summary>GET or DELETE /api/merchants/{merchantId}/products/{productId}: a product id as the merchant's catalog has it.</summary>
public sealed record CatalogProductRef(string MerchantId, string ProductId)
{
    public static CatalogProductRef Bind(RequestReader r, string merchantId, string productId)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (string.IsNullOrEmpty(productId) || productId.Length > CatalogInput.MaxIdLength || productId.Any(char.IsControl))
        {
            r.Fail("productId", $"must be the catalog's product id: 1 to {CatalogInput.MaxIdLength} characters");
        }

        return new CatalogProductRef(r.Id("merchantId", merchantId), productId ?? "");
    }
}

/// <summary>The listings' query values that are neither ids nor enums.</summary>
internal static class ListingQuery
{
    /// <summary>An optional value that must be one of <paramref name="choices"/> (any case); null when absent.</summary>
    public static string? Choice(RequestReader r, string name, params string[] choices)
    {
        var value = r.Query(name)?.ToLowerInvariant();
        if (value is not null && !choices.Contains(value))
        {
            r.Fail(name, "must be one of: " + string.Join(", ", choices));
            return null;
        }

        return value;
    }

    /// <summary>An optional text value of at most <paramref name="max"/> characters without control characters; null when absent.</summary>
    public static string? Text(RequestReader r, string name, int max)
    {
        var value = r.Query(name);
        if (value is not null && (value.Length > max || value.Any(char.IsControl)))
        {
            r.Fail(name, $"must be at most {max} characters, no control characters");
            return null;
        }

        return value;
    }
}
