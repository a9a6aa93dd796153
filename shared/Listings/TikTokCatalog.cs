using System.Collections.Concurrent;
using Connector.Shops;
using Connector.TikTok.Api;
using Microsoft.Extensions.Options;

namespace Connector.Listings;

/// <summary>A leaf category's rules and attributes, as TikTok gives them for one shop.</summary>
public sealed record CategoryInfo(string CategoryId, TikTokCategoryRules Rules, IReadOnlyList<TikTokAttribute> Attributes);

/// <summary>
/// TikTok's category tree, category rules, attributes and brands for a shop, kept in memory for
/// <see cref="ListingOptions.CategoryCacheDuration"/> (they change rarely, and every product of a category needs them).
/// Concurrent askers share one call; a failed call is not cached.
/// </summary>
public sealed class TikTokCatalog(ITikTokListingClient tiktok, IOptions<ListingOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, Lazy<Task<object>> Value)> cache = new(StringComparer.Ordinal);

    /// <summary>TikTok's category tree version: <c>v2</c> (7 levels) for US shops, <c>v1</c> elsewhere.</summary>
    public static string CategoryVersion(string region) => string.Equals(region, "US", StringComparison.OrdinalIgnoreCase) ? "v2" : "v1";

    public static TikTokShopRef Ref(ShopRecord shop) => new(shop.ShopId, shop.Cipher);

    public async Task<IReadOnlyList<TikTokCategory>> CategoriesAsync(ShopRecord shop, CancellationToken cancellationToken) =>
        (IReadOnlyList<TikTokCategory>)await GetAsync($"tree|{shop.ShopId}", async ct => await tiktok.GetCategoriesAsync(Ref(shop), CategoryVersion(shop.Region), ct),
            cancellationToken);

    public async Task<CategoryInfo> CategoryAsync(ShopRecord shop, string categoryId, CancellationToken cancellationToken) =>
        (CategoryInfo)await GetAsync($"category|{shop.ShopId}|{categoryId}", async ct =>
        {
            var version = CategoryVersion(shop.Region);
            var rules = tiktok.GetCategoryRulesAsync(Ref(shop), categoryId, version, ct);
            var attributes = tiktok.GetAttributesAsync(Ref(shop), categoryId, version, ct);
            return new CategoryInfo(categoryId, await rules, await attributes);
        }, cancellationToken);

    /// <summary>The brand TikTok knows by exactly this name (case-insensitive), or null.</summary>
    public async Task<TikTokBrand?> BrandAsync(ShopRecord shop, string name, CancellationToken cancellationToken) =>
        (TikTokBrand?)await GetAsync($"brand|{shop.ShopId}|{name.ToUpperInvariant()}", async ct =>
        {
            var page = await tiktok.GetBrandsAsync(Ref(shop), name, null, null, new TikTokPageRequest(PageSize: 100), ct);
            return page.Brands.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)) ?? (object)NoBrand;
        }, cancellationToken) is TikTokBrand brand && !ReferenceEquals(brand, NoBrand) ? brand : null;

    private static readonly TikTokBrand NoBrand = new();

    private async Task<object> GetAsync(string key, Func<CancellationToken, Task<object>> load, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entry = cache.AddOrUpdate(key,
            _ => (now + options.Value.CategoryCacheDuration, new Lazy<Task<object>>(() => load(CancellationToken.None))),
            (_, existing) => existing.Expires > now ? existing : (now + options.Value.CategoryCacheDuration, new Lazy<Task<object>>(() => load(CancellationToken.None))));
        try
        {
            return await entry.Value.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            cache.TryRemove(new KeyValuePair<string, (DateTimeOffset, Lazy<Task<object>>)>(key, entry));
            throw;
        }
    }
}
