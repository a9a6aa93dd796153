using System.Text.Json;
using Connector.Http;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Connector.Listings;

/// <summary>
/// The back office's catalog: <c>PUT /api/merchants/{merchantId}/products</c> (batches of up to 500), <c>GET</c> and
/// <c>DELETE .../products/{productId}</c>. Every product is checked first; one bad product refuses the request, naming
/// each bad field, and nothing is stored. Unchanged products are not written and cost nothing downstream; changed ones
/// are pushed to every shop of the merchant that lists.
/// </summary>
public sealed partial class CatalogEndpoint(CatalogStore catalog, ListingStore listings, ListingScheduling scheduling, ShopRepository shops, ILogger<CatalogEndpoint> logger)
{
    public async Task<IActionResult> PutAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(merchantId))
        {
            return Problems.BadRequest("merchantId must be 1 to 64 letters, digits, '.', '_' or '-'.", new Dictionary<string, string[]> { ["merchantId"] = ["not a valid id"] });
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"The body is not valid JSON: {e.Message}");
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("products", out var products) || products.ValueKind != JsonValueKind.Array
            || products.GetArrayLength() == 0)
        {
            return Problems.BadRequest("The body needs \"products\": a list of products, each with id, title and variants [{sku, price}].",
                new Dictionary<string, string[]> { ["products"] = ["is required: a non-empty list"] });
        }

        if (products.GetArrayLength() > CatalogInput.MaxProductsPerRequest)
        {
            return Problems.BadRequest($"At most {CatalogInput.MaxProductsPerRequest} products per request; this one has {products.GetArrayLength()}.",
                new Dictionary<string, string[]> { ["products"] = [$"at most {CatalogInput.MaxProductsPerRequest} per request"] });
        }

        var (read, errors) = CatalogInput.Read(products);
        if (errors.Count > 0)
        {
            var bad = errors.Keys.Select(k => k[..(k.IndexOf(']', StringComparison.Ordinal) + 1)]).Distinct().Count();
            return Problems.BadRequest($"{bad} of {products.GetArrayLength()} products are not valid; nothing was stored.", errors);
        }

        var changed = await catalog.UpsertAsync(merchantId, read, cancellationToken);
        var pushed = await scheduling.CatalogChangedAsync(merchantId, changed, cancellationToken);
        LogStored(merchantId, read.Count, changed.Count);
        return Problems.Json(new { merchantId, received = read.Count, changed = changed.Count, unchanged = read.Count - changed.Count, shopsPushed = pushed });
    }

    /// <summary>GET .../products/{productId}: the product as stored and its listing on each shop of the merchant.</summary>
    public async Task<IActionResult> GetAsync(string merchantId, string productId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(merchantId) || productId.Length > CatalogInput.MaxIdLength || await catalog.GetAsync(merchantId, productId, cancellationToken) is not { } stored)
        {
            return Problems.NotFound($"Product {productId} is not in the catalog of merchant {merchantId}.");
        }

        var views = new List<object>();
        foreach (var shop in await shops.ListByMerchantAsync(merchantId, cancellationToken))
        {
            var (record, _) = await listings.GetAsync(shop.ShopId, productId, cancellationToken);
            views.Add(new { shopId = shop.ShopId, shopName = shop.Name, listing = record is null ? null : ListingView.From(record) });
        }

        return Problems.Json(new { merchantId, product = stored.Product, removed = stored.Deleted, updatedAt = stored.UpdatedAt, listings = views });
    }

    /// <summary>DELETE .../products/{productId}: removed from the catalog; shops with auto delete delete it on TikTok.</summary>
    public async Task<IActionResult> DeleteAsync(string merchantId, string productId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(merchantId) || productId.Length > CatalogInput.MaxIdLength || await catalog.RemoveAsync(merchantId, productId, cancellationToken) is not { } sequence)
        {
            return Problems.NotFound($"Product {productId} is not in the catalog of merchant {merchantId}.");
        }

        var pushed = await scheduling.CatalogChangedAsync(merchantId, [(productId, sequence)], cancellationToken);
        return Problems.Json(new { merchantId, productId, removed = true, shopsPushed = pushed });
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Catalog of merchant {MerchantId}: {Received} products received, {Changed} new or changed")]
    private partial void LogStored(string merchantId, int received, int changed);
}

/// <summary>A listing as the API shows it.</summary>
public static class ListingView
{
    public static object From(ListingRecord r) => new
    {
        r.ShopId,
        r.ProductId,
        Status = r.Status.ToString(),
        r.Reason,
        r.Problems,
        r.Warnings,
        r.WaitsUntil,
        r.ProfileName,
        r.CategoryId,
        tiktokProductId = r.TikTokProductId,
        tiktokStatus = r.TikTokStatus,
        r.AuditStatus,
        r.AuditFailures,
        r.SkuIds,
        r.LastError,
        r.ListedAt,
        r.UpdatedAt,
        r.History,
    };
}
