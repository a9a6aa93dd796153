using System.Globalization;
using System.Text;
using Connector.Http;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Listings;

/// <summary>
/// What the merchant reads (function key), per shop: the listings by status (<c>Invalid</c> = "export incomplete products",
/// per product and field, also as CSV; <c>Rejected</c> with TikTok's reasons), and TikTok's category tree, a category's
/// rules and attributes, a category recommendation for a catalog product, and brands, to build profiles with.
/// </summary>
public sealed class ListingQueries(ShopRepository shops, ListingStore listings, CatalogStore catalog, TikTokCatalog tiktokCatalog, ITikTokListingClient tiktok)
{
    /// <summary>GET /api/merchants/{merchantId}/shops/{shopId}/listings?status=&amp;format=csv&amp;pageSize=&amp;continuationToken=.</summary>
    public async Task<IActionResult> ListAsync(HttpRequest request, string merchantId, string shopId, CancellationToken cancellationToken)
    {
        if (await ShopOfAsync(merchantId, shopId, cancellationToken) is not { } shop)
        {
            return NotFound(merchantId, shopId);
        }

        return await ListForShopAsync(request, shop.ShopId, cancellationToken);
    }

    /// <summary>The same list for support (GET /api/admin/shops/{shopId}/listings).</summary>
    public async Task<IActionResult> ListForShopAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryEnum<ListingStatus>(request, "status", out var status, out var problem) || !AdminRequest.TryPageSize(request, out var pageSize, out problem)
            || !AdminRequest.TryContinuation(request, out var continuation, out problem) || !TryChoice(request, "format", ["json", "csv"], out var format, out problem))
        {
            return problem!;
        }

        if (format == "csv")
        {
            return await CsvAsync(shopId, status, cancellationToken);
        }

        try
        {
            var (page, next) = await listings.ListAsync(shopId, status, continuation, pageSize, cancellationToken);
            return Problems.Json(new { shopId, status = status?.ToString(), listings = page.Select(ListingView.From), continuationToken = AdminRequest.Continuation(next) });
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest("continuationToken is not one this API gave out.");
        }
    }

    /// <summary>An optional query value that must be one of <paramref name="choices"/> (case-insensitive); null when absent.</summary>
    internal static bool TryChoice(HttpRequest request, string name, string[] choices, out string? value, out IActionResult? problem)
    {
        value = AdminRequest.Query(request, name)?.ToLowerInvariant();
        problem = value is null || choices.Contains(value)
            ? null
            : Problems.BadRequest($"{name} must be one of: {string.Join(", ", choices)}.", new Dictionary<string, string[]> { [name] = ["one of " + string.Join(", ", choices)] });
        return problem is null;
    }

    /// <summary>An optional text query value of at most <paramref name="max"/> characters; null when absent.</summary>
    internal static bool TryText(HttpRequest request, string name, int max, out string? value, out IActionResult? problem)
    {
        value = AdminRequest.Query(request, name);
        problem = value is null || (value.Length <= max && !value.Any(char.IsControl))
            ? null
            : Problems.BadRequest($"{name} has at most {max} characters.", new Dictionary<string, string[]> { [name] = [$"at most {max} characters, no control characters"] });
        return problem is null;
    }

    /// <summary>One row per problem (Invalid), audit reason (Rejected) or listing: product, status, field, message.</summary>
    private async Task<IActionResult> CsvAsync(string shopId, ListingStatus? status, CancellationToken cancellationToken)
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

        return new ContentResult { StatusCode = 200, ContentType = "text/csv; charset=utf-8", Content = csv.ToString() };
    }

    private static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith('=') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>GET .../tiktok/categories?keyword=&amp;leafOnly=true: TikTok's categories with their path from the root.</summary>
    public Task<IActionResult> CategoriesAsync(HttpRequest request, string merchantId, string shopId, CancellationToken cancellationToken) =>
        WithShopAsync(merchantId, shopId, async shop =>
        {
            if (!TryText(request, "keyword", 100, out var keyword, out var problem) || !TryChoice(request, "leafOnly", ["true", "false"], out var leaf, out problem))
            {
                return problem!;
            }

            var all = await tiktokCatalog.CategoriesAsync(shop, cancellationToken);
            var byId = all.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var leafOnly = leaf == "true";
            var matching = all.Where(c => (keyword is null || (c.LocalName ?? "").Contains(keyword, StringComparison.OrdinalIgnoreCase)) && (!leafOnly || c.IsLeaf))
                .Take(500)
                .Select(c => new { c.Id, c.ParentId, name = c.LocalName, path = Path(c, byId), c.IsLeaf, c.PermissionStatuses });
            return Problems.Json(new { shopId, categoryVersion = TikTokCatalog.CategoryVersion(shop.Region), categories = matching });
        });

    /// <summary>GET .../tiktok/categories/{categoryId}: the category's rules and attributes (ids for profiles).</summary>
    public Task<IActionResult> CategoryAsync(string merchantId, string shopId, string categoryId, CancellationToken cancellationToken) =>
        WithShopAsync(merchantId, shopId, async shop =>
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(categoryId, "^[0-9]{1,30}$"))
            {
                return Problems.NotFound($"TikTok has no category {categoryId}: category ids are digits.");
            }

            var info = await tiktokCatalog.CategoryAsync(shop, categoryId, cancellationToken);
            return Problems.Json(new
            {
                shopId,
                categoryId,
                info.Rules,
                productAttributes = info.Attributes.Where(a => !a.IsSalesAttribute).Select(Attribute),
                salesAttributes = info.Attributes.Where(a => a.IsSalesAttribute).Select(Attribute),
            });
        });

    /// <summary>GET .../tiktok/category-recommendation?productId=: TikTok's category for a catalog product (title and description).</summary>
    public Task<IActionResult> RecommendAsync(HttpRequest request, string merchantId, string shopId, CancellationToken cancellationToken) =>
        WithShopAsync(merchantId, shopId, async shop =>
        {
            if (!TryText(request, "productId", CatalogInput.MaxIdLength, out var productId, out var problem))
            {
                return problem!;
            }

            if (productId is null || await catalog.GetAsync(merchantId, productId, cancellationToken) is not { Deleted: false } stored)
            {
                return Problems.BadRequest("productId must name a product of the merchant's catalog.", new Dictionary<string, string[]> { ["productId"] = ["not in the catalog"] });
            }

            var answer = await tiktok.RecommendCategoryAsync(TikTokCatalog.Ref(shop), new TikTokCategoryRecommendRequest
            {
                ProductTitle = stored.Product.Title,
                Description = string.IsNullOrEmpty(stored.Product.Description) ? null : stored.Product.Description,
                CategoryVersion = TikTokCatalog.CategoryVersion(shop.Region),
            }, cancellationToken);
            return Problems.Json(new { shopId, productId, answer.LeafCategoryId, answer.Categories });
        });

    /// <summary>GET .../tiktok/brands?name=: TikTok's brands whose name starts with <c>name</c>.</summary>
    public Task<IActionResult> BrandsAsync(HttpRequest request, string merchantId, string shopId, CancellationToken cancellationToken) =>
        WithShopAsync(merchantId, shopId, async shop =>
        {
            if (!TryText(request, "name", 100, out var name, out var problem) || !TryText(request, "pageToken", 1000, out var pageToken, out problem))
            {
                return problem!;
            }

            var page = await tiktok.GetBrandsAsync(TikTokCatalog.Ref(shop), name, null, null, new TikTokPageRequest(pageToken, 100), cancellationToken);
            return Problems.Json(new { shopId, page.Brands, page.TotalCount, page.NextPageToken });
        });

    private static object Attribute(TikTokAttribute a) => new
    {
        a.Id, a.Name, a.IsRequired, a.IsCustomizable, a.IsMultipleSelection, a.ValueDataFormat,
        values = a.Values.Select(v => new { v.Id, v.Name }), a.RequirementConditions,
    };

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

    private async Task<IActionResult> WithShopAsync(string merchantId, string shopId, Func<ShopRecord, Task<IActionResult>> action)
    {
        if (await ShopOfAsync(merchantId, shopId, CancellationToken.None) is not { } shop)
        {
            return NotFound(merchantId, shopId);
        }

        try
        {
            return await action(shop);
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            return Problems.Unavailable($"TikTok did not answer for now ({e.Kind}, request {e.RequestId}). Try again.");
        }
        catch (TikTokException e)
        {
            return Problems.Unprocessable($"TikTok refused: {e.Message}");
        }
    }

    private async Task<ShopRecord?> ShopOfAsync(string merchantId, string shopId, CancellationToken cancellationToken) =>
        AdminRequest.IsId(merchantId) && AdminRequest.IsId(shopId) && await shops.GetAsync(shopId, cancellationToken) is { } shop && shop.MerchantId == merchantId ? shop : null;

    private static IActionResult NotFound(string merchantId, string shopId) => Problems.NotFound($"Merchant {merchantId} has no shop {shopId}.");

    internal static string Format(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
