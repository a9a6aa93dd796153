using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.TikTok.Http;
using Connector.TikTok.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.TikTok.Api;

/// <summary>
/// The product listing calls (api-reference/products): TikTok's category tree, category rules and attributes, brands,
/// image upload, create, partial edit, price update, activate / deactivate / delete, the shop's listing prerequisites
/// and a product's status with its audit reasons. Signed, rate limited, retried and envelope-checked like every call.
/// </summary>
public interface ITikTokListingClient
{
    /// <summary>The category tree (every node) of the given version: <c>v2</c> for US shops, else <c>v1</c>.</summary>
    Task<IReadOnlyList<TikTokCategory>> GetCategoriesAsync(TikTokShopRef shop, string categoryVersion, CancellationToken cancellationToken);

    Task<TikTokCategoryRecommendation> RecommendCategoryAsync(TikTokShopRef shop, TikTokCategoryRecommendRequest request, CancellationToken cancellationToken);

    Task<TikTokCategoryRules> GetCategoryRulesAsync(TikTokShopRef shop, string categoryId, string categoryVersion, CancellationToken cancellationToken);

    Task<IReadOnlyList<TikTokAttribute>> GetAttributesAsync(TikTokShopRef shop, string categoryId, string categoryVersion, CancellationToken cancellationToken);

    Task<TikTokBrandPage> GetBrandsAsync(TikTokShopRef shop, string? brandName, string? categoryId, string? categoryVersion, TikTokPageRequest page, CancellationToken cancellationToken);

    /// <summary>Uploads one image file (multipart, not signed over the body; no shop_cipher, as documented).</summary>
    Task<TikTokUploadedImage> UploadImageAsync(TikTokShopRef shop, byte[] image, string fileName, string useCase, CancellationToken cancellationToken);

    Task<TikTokProductWritten> CreateProductAsync(TikTokShopRef shop, TikTokProductCreate product, CancellationToken cancellationToken);

    /// <summary>Changes only the top-level properties set in <paramref name="edit"/>.</summary>
    Task<TikTokProductWritten> PartialEditProductAsync(TikTokShopRef shop, string productId, TikTokProductPartialEdit edit, CancellationToken cancellationToken);

    /// <summary>New prices for SKUs of one product (no re-audit).</summary>
    Task UpdatePricesAsync(TikTokShopRef shop, string productId, IReadOnlyList<TikTokSkuPrice> skus, CancellationToken cancellationToken);

    /// <summary>At most <see cref="TikTokListingClient.MaxProductIdsPerCall"/> ids; answers the products TikTok refused.</summary>
    Task<TikTokBulkProductResult> ActivateProductsAsync(TikTokShopRef shop, IReadOnlyList<string> productIds, CancellationToken cancellationToken);

    Task<TikTokBulkProductResult> DeactivateProductsAsync(TikTokShopRef shop, IReadOnlyList<string> productIds, CancellationToken cancellationToken);

    Task<TikTokBulkProductResult> DeleteProductsAsync(TikTokShopRef shop, IReadOnlyList<string> productIds, CancellationToken cancellationToken);

    Task<TikTokPrerequisites> CheckPrerequisitesAsync(TikTokShopRef shop, CancellationToken cancellationToken);

    /// <summary>A product's status, audit and TikTok's audit failure reasons.</summary>
    Task<TikTokListedProduct> GetListedProductAsync(TikTokShopRef shop, string productId, CancellationToken cancellationToken);
}

public sealed class TikTokListingClient : ITikTokListingClient
{
    /// <summary>TikTok's limit of product ids per activate / deactivate / delete call.</summary>
    public const int MaxProductIdsPerCall = 20;

    /// <summary>TikTok's limit of idempotency_key on create.</summary>
    public const int MaxIdempotencyKeyLength = 128;

    private readonly TikTokApiSender sender;

    public TikTokListingClient(HttpClient http, IOptions<TikTokOptions> options, TikTokApps apps, ITikTokTokenProvider tokens, TikTokRateLimiter limiter,
        TikTokResilience resilience, TimeProvider time, ILogger<TikTokListingClient> logger) =>
        sender = new TikTokApiSender(http, options.Value, apps, tokens, limiter, resilience, time, logger);

    public async Task<IReadOnlyList<TikTokCategory>> GetCategoriesAsync(TikTokShopRef shop, string categoryVersion, CancellationToken cancellationToken) =>
        (await sender.SendAsync(Get(shop, "/product/202309/categories").With("category_version", categoryVersion),
            TikTokListingJsonContext.Default.TikTokCategoriesData, cancellationToken)).Categories;

    public Task<TikTokCategoryRecommendation> RecommendCategoryAsync(TikTokShopRef shop, TikTokCategoryRecommendRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(request, TikTokListingJsonContext.Default.TikTokCategoryRecommendRequest);
        return sender.SendAsync(Post(shop, "/product/202309/categories/recommend", body), TikTokListingJsonContext.Default.TikTokCategoryRecommendation, cancellationToken);
    }

    public Task<TikTokCategoryRules> GetCategoryRulesAsync(TikTokShopRef shop, string categoryId, string categoryVersion, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, $"/product/202309/categories/{Segment(categoryId)}/rules").With("category_version", categoryVersion),
            TikTokListingJsonContext.Default.TikTokCategoryRules, cancellationToken);

    public async Task<IReadOnlyList<TikTokAttribute>> GetAttributesAsync(TikTokShopRef shop, string categoryId, string categoryVersion, CancellationToken cancellationToken) =>
        (await sender.SendAsync(Get(shop, $"/product/202309/categories/{Segment(categoryId)}/attributes").With("category_version", categoryVersion),
            TikTokListingJsonContext.Default.TikTokAttributesData, cancellationToken)).Attributes;

    public Task<TikTokBrandPage> GetBrandsAsync(TikTokShopRef shop, string? brandName, string? categoryId, string? categoryVersion, TikTokPageRequest page,
        CancellationToken cancellationToken)
    {
        var size = page.PageSize ?? TikTokOptions.MaxPageSize;
        if (size is < 1 or > TikTokOptions.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(page), size, $"A page has 1 to {TikTokOptions.MaxPageSize} items.");
        }

        var call = Get(shop, "/product/202309/brands")
            .With("page_size", size.ToString(CultureInfo.InvariantCulture))
            .With("page_token", string.IsNullOrEmpty(page.PageToken) ? null : page.PageToken)
            .With("brand_name", string.IsNullOrEmpty(brandName) ? null : brandName)
            .With("category_id", string.IsNullOrEmpty(categoryId) ? null : categoryId)
            .With("category_version", string.IsNullOrEmpty(categoryId) ? null : categoryVersion);
        return sender.SendAsync(call, TikTokListingJsonContext.Default.TikTokBrandPage, cancellationToken);
    }

    public Task<TikTokUploadedImage> UploadImageAsync(TikTokShopRef shop, byte[] image, string fileName, string useCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var call = new TikTokCall(HttpMethod.Post, "/product/202309/images/upload", shop.ShopId, ShopCipher: null, Body: null)
        {
            Form = () =>
            {
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(image);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, "data", string.IsNullOrWhiteSpace(fileName) ? "image" : fileName);
                form.Add(new StringContent(useCase), "use_case");
                return form;
            },
        };
        return sender.SendAsync(call, TikTokListingJsonContext.Default.TikTokUploadedImage, cancellationToken);
    }

    public Task<TikTokProductWritten> CreateProductAsync(TikTokShopRef shop, TikTokProductCreate product, CancellationToken cancellationToken)
    {
        if (product.IdempotencyKey is { Length: > MaxIdempotencyKeyLength })
        {
            throw new ArgumentException($"An idempotency key has at most {MaxIdempotencyKeyLength} characters.", nameof(product));
        }

        var body = JsonSerializer.Serialize(product, TikTokListingJsonContext.Default.TikTokProductCreate);
        return sender.SendAsync(Post(shop, "/product/202309/products", body), TikTokListingJsonContext.Default.TikTokProductWritten, cancellationToken);
    }

    public Task<TikTokProductWritten> PartialEditProductAsync(TikTokShopRef shop, string productId, TikTokProductPartialEdit edit, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(edit, TikTokListingJsonContext.Default.TikTokProductPartialEdit);
        return sender.SendAsync(Post(shop, $"/product/202509/products/{Segment(productId)}/partial_edit", body), TikTokListingJsonContext.Default.TikTokProductWritten,
            cancellationToken);
    }

    public Task UpdatePricesAsync(TikTokShopRef shop, string productId, IReadOnlyList<TikTokSkuPrice> skus, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new TikTokPriceUpdateBody { Skus = skus }, TikTokListingJsonContext.Default.TikTokPriceUpdateBody);
        return sender.SendAsync(Post(shop, $"/product/202309/products/{Segment(productId)}/prices/update", body), TikTokListingJsonContext.Default.TikTokEmptyData,
            cancellationToken);
    }

    public Task<TikTokBulkProductResult> ActivateProductsAsync(TikTokShopRef shop, IReadOnlyList<string> productIds, CancellationToken cancellationToken) =>
        Bulk(shop, HttpMethod.Post, "/product/202309/products/activate", productIds, cancellationToken);

    public Task<TikTokBulkProductResult> DeactivateProductsAsync(TikTokShopRef shop, IReadOnlyList<string> productIds, CancellationToken cancellationToken) =>
        Bulk(shop, HttpMethod.Post, "/product/202309/products/deactivate", productIds, cancellationToken);

    public Task<TikTokBulkProductResult> DeleteProductsAsync(TikTokShopRef shop, IReadOnlyList<string> productIds, CancellationToken cancellationToken) =>
        Bulk(shop, HttpMethod.Delete, "/product/202309/products", productIds, cancellationToken);

    public Task<TikTokPrerequisites> CheckPrerequisitesAsync(TikTokShopRef shop, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, "/product/202312/prerequisites"), TikTokListingJsonContext.Default.TikTokPrerequisites, cancellationToken);

    public Task<TikTokListedProduct> GetListedProductAsync(TikTokShopRef shop, string productId, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, $"/product/202309/products/{Segment(productId)}"), TikTokListingJsonContext.Default.TikTokListedProduct, cancellationToken);

    private Task<TikTokBulkProductResult> Bulk(TikTokShopRef shop, HttpMethod method, string path, IReadOnlyList<string> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count is < 1 or > MaxProductIdsPerCall)
        {
            throw new ArgumentOutOfRangeException(nameof(productIds), productIds.Count, $"One call takes 1 to {MaxProductIdsPerCall} product ids.");
        }

        var body = JsonSerializer.Serialize(new TikTokProductIdsBody { ProductIds = productIds }, TikTokListingJsonContext.Default.TikTokProductIdsBody);
        return sender.SendAsync(new TikTokCall(method, path, shop.ShopId, shop.Cipher, body), TikTokListingJsonContext.Default.TikTokBulkProductResult, cancellationToken);
    }

    private static TikTokCall Get(TikTokShopRef shop, string path) => new(HttpMethod.Get, path, shop.ShopId, shop.Cipher, Body: null);

    private static TikTokCall Post(TikTokShopRef shop, string path, string? body) => new(HttpMethod.Post, path, shop.ShopId, shop.Cipher, body);

    private static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Uri.EscapeDataString(id);
    }
}

/// <summary>Answers without a payload (price update).</summary>

/// <summary>Source-generated JSON of the listing wire types, with the same options as <see cref="TikTokJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TikTokDecimalConverter), typeof(TikTokNullableDecimalConverter)])]
[JsonSerializable(typeof(TikTokCategoriesData))]
[JsonSerializable(typeof(TikTokCategoryRecommendRequest))]
[JsonSerializable(typeof(TikTokCategoryRecommendation))]
[JsonSerializable(typeof(TikTokCategoryRules))]
[JsonSerializable(typeof(TikTokAttributesData))]
[JsonSerializable(typeof(TikTokBrandPage))]
[JsonSerializable(typeof(TikTokUploadedImage))]
[JsonSerializable(typeof(TikTokProductCreate))]
[JsonSerializable(typeof(TikTokProductWritten))]
[JsonSerializable(typeof(TikTokProductPartialEdit))]
[JsonSerializable(typeof(TikTokPriceUpdateBody))]
[JsonSerializable(typeof(TikTokProductIdsBody))]
[JsonSerializable(typeof(TikTokBulkProductResult))]
[JsonSerializable(typeof(TikTokPrerequisites))]
[JsonSerializable(typeof(TikTokListedProduct))]
[JsonSerializable(typeof(TikTokEmptyData))]
internal sealed partial class TikTokListingJsonContext : JsonSerializerContext;
