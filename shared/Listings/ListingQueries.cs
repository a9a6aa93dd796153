using System.Globalization;
using System.Text;
using Connector.Http;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;

namespace Connector.Listings;

/// <summary>
/// What the merchant reads (function key), per shop: the listings by status (<c>Invalid</c> = "export incomplete products",
/// per product and field, also as CSV; <c>Rejected</c> with TikTok's reasons), and TikTok's category tree, a category's
/// rules and attributes, a category recommendation for a catalog product, and brands, to build profiles with.
/// </summary>
public sealed class ListingQueries(ShopRepository shops, ListingStore listings, CatalogStore catalog, TikTokCatalog tiktokCatalog, ITikTokListingClient tiktok)
{
    /// <summary>
    /// GET /api/merchants/{merchantId}/shops/{shopId}/listings: a <see cref="ListingPage"/>, or with <c>format=csv</c> every
    /// listing of the filter as a CSV file (<see cref="FileBody"/>).
    /// </summary>
    public async Task<Outcome<object>> ListAsync(ListMerchantListings request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await ShopOfAsync(request.MerchantId, request.ShopId, cancellationToken) is not { } shop)
        {
            return Outcome<object>.Refuse(NotFound(request.MerchantId, request.ShopId));
        }

        return await ListForShopAsync(shop.ShopId, request.Filter, cancellationToken);
    }

    /// <summary>The same list for support (GET /api/admin/shops/{shopId}/listings), once the shop is known.</summary>
    internal async Task<Outcome<object>> ListForShopAsync(string shopId, ListingFilter filter, CancellationToken cancellationToken)
    {
        if (filter.Csv)
        {
            return Outcome<object>.Ok(await CsvAsync(shopId, filter.Status, cancellationToken));
        }

        try
        {
            var (page, next) = await listings.ListAsync(shopId, filter.Status, filter.ContinuationToken, filter.PageSize, cancellationToken);
            return Outcome<object>.Ok(new ListingPage(shopId, filter.Status?.ToString(), page.Select(ListingView.From).ToList(), AdminRequest.Continuation(next)));
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Outcome<object>.Refuse(Refusal.InvalidField("continuationToken", "not one this API gave out", "continuationToken is not one this API gave out."));
        }
    }

    /// <summary>One row per problem (Invalid), audit reason (Rejected) or listing: product, status, field, message.</summary>
    private async Task<FileBody> CsvAsync(string shopId, ListingStatus? status, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder("productId,status,field,message,tiktokProductId\n");
        string? token = null;
        do
        {
            var (page, next) = await listings.ListAsync(shopId, status, token, 500, cancellationToken);
            foreach (var r in page)
            {
                var rows = r.Problems.Select(p => (p.Field, p.Message))
                    .Concat(r.AuditFailures.Select(f => (f.Position ?? "audit", string.Join(" ", f.Reasons.Concat(f.Suggestions)))))
                    .ToList();
                if (rows.Count == 0)
                {
                    rows.Add(("", r.Reason ?? ""));
                }

                foreach (var (field, message) in rows)
                {
                    csv.Append(Cell(r.ProductId)).Append(',').Append(r.Status).Append(',').Append(Cell(field)).Append(',').Append(Cell(message)).Append(',')
                        .Append(Cell(r.TikTokProductId ?? "")).Append('\n');
                }
            }

            token = next;
        }
        while (token is not null);

        return new FileBody(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8");
    }

    private static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith('=') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>GET .../tiktok/categories?keyword=&amp;leafOnly=true: TikTok's categories with their path from the root.</summary>
    public Task<Outcome<TikTokCategoryList>> CategoriesAsync(ListTikTokCategories request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WithShopAsync<TikTokCategoryList>(request.MerchantId, request.ShopId, async shop =>
            {
                var all = await tiktokCatalog.CategoriesAsync(shop, cancellationToken);
                var byId = all.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                var matching = all.Where(c => (request.Keyword is null || (c.LocalName ?? "").Contains(request.Keyword, StringComparison.OrdinalIgnoreCase)) && (!request.LeafOnly || c.IsLeaf))
                    .Take(500)
                    .Select(c => new TikTokCategoryView(c.Id, c.ParentId, c.LocalName, Path(c, byId), c.IsLeaf, c.PermissionStatuses))
                    .ToList();
                return new TikTokCategoryList(shop.ShopId, TikTokCatalog.CategoryVersion(shop.Region), matching);
            }, cancellationToken);
    }

    /// <summary>GET .../tiktok/categories/{categoryId}: the category's rules and attributes (ids for profiles).</summary>
    public Task<Outcome<TikTokCategoryDetail>> CategoryAsync(GetTikTokCategory request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WithShopAsync<TikTokCategoryDetail>(request.MerchantId, request.ShopId, async shop =>
            {
                var info = await tiktokCatalog.CategoryAsync(shop, request.CategoryId, cancellationToken);
                return new TikTokCategoryDetail(
                    shop.ShopId,
                    request.CategoryId,
                    info.Rules,
                    info.Attributes.Where(a => !a.IsSalesAttribute).Select(TikTokAttributeView.Of).ToList(),
                    info.Attributes.Where(a => a.IsSalesAttribute).Select(TikTokAttributeView.Of).ToList());
            }, cancellationToken);
    }

    /// <summary>GET .../tiktok/category-recommendation?productId=: TikTok's category for a catalog product (title and description).</summary>
    public Task<Outcome<TikTokCategoryRecommendationView>> RecommendAsync(RecommendCategory request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WithShopAsync<TikTokCategoryRecommendationView>(request.MerchantId, request.ShopId, async shop =>
            {
                if (await catalog.GetAsync(request.MerchantId, request.ProductId, cancellationToken) is not { Deleted: false } stored)
                {
                    return Refusal.InvalidField("productId", "not in the catalog", "productId must name a product of the merchant's catalog.");
                }

                var answer = await tiktok.RecommendCategoryAsync(TikTokCatalog.Ref(shop), new TikTokCategoryRecommendRequest
                {
                    ProductTitle = stored.Product.Title,
                    Description = string.IsNullOrEmpty(stored.Product.Description) ? null : stored.Product.Description,
                    CategoryVersion = TikTokCatalog.CategoryVersion(shop.Region),
                }, cancellationToken);
                return new TikTokCategoryRecommendationView(shop.ShopId, request.ProductId, answer.LeafCategoryId, answer.Categories);
            }, cancellationToken);
    }

    /// <summary>GET .../tiktok/brands?name=: TikTok's brands whose name starts with <c>name</c>.</summary>
    public Task<Outcome<TikTokBrandList>> BrandsAsync(ListTikTokBrands request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WithShopAsync<TikTokBrandList>(request.MerchantId, request.ShopId, async shop =>
            {
                var page = await tiktok.GetBrandsAsync(TikTokCatalog.Ref(shop), request.Name, null, null, new TikTokPageRequest(request.PageToken, 100), cancellationToken);
                return new TikTokBrandList(shop.ShopId, page.Brands, page.TotalCount, page.NextPageToken);
            }, cancellationToken);
    }

    private static string Path(TikTokCategory category, Dictionary<string, TikTokCategory> byId)
    {
        var names = new List<string>();
        for (var c = category; c is not null && names.Count < 10; c = c.ParentId is { } p && p != "0" ? byId.GetValueOrDefault(p) : null)
        {
            names.Add(c.LocalName ?? c.Id);
        }

        names.Reverse();
        return string.Join(" > ", names);
    }

    /// <summary>Runs <paramref name="action"/> for the merchant's shop; TikTok's refusals become 503 (transient) or 422.</summary>
    private async Task<Outcome<T>> WithShopAsync<T>(string merchantId, string shopId, Func<ShopRecord, Task<Outcome<T>>> action, CancellationToken cancellationToken)
        where T : notnull
    {
        if (await ShopOfAsync(merchantId, shopId, cancellationToken) is not { } shop)
        {
            return NotFound(merchantId, shopId);
        }

        try
        {
            return await action(shop);
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            return Refusal.Unavailable($"TikTok did not answer for now ({e.Kind}, request {e.RequestId}). Try again.");
        }
        catch (TikTokException e)
        {
            return Refusal.Unprocessable($"TikTok refused: {e.Message}");
        }
    }

    private async Task<ShopRecord?> ShopOfAsync(string merchantId, string shopId, CancellationToken cancellationToken) =>
        await shops.GetAsync(shopId, cancellationToken) is { } shop && shop.MerchantId == merchantId ? shop : null;

    private static Refusal NotFound(string merchantId, string shopId) => Refusal.NotFound($"Merchant {merchantId} has no shop {shopId}.");

    internal static string Format(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
