using System.Text.Json;
using Connector.Http;
using Connector.Shops;
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
    /// <summary>PUT /api/merchants/{merchantId}/products: stores the new and changed products and pushes them.</summary>
    public async Task<Outcome<CatalogStored>> PutAsync(PutCatalogProducts request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, read) = (request.MerchantId, request.Products);
        var changed = await catalog.UpsertAsync(merchantId, read, cancellationToken);
        var pushed = await scheduling.CatalogChangedAsync(merchantId, changed, cancellationToken);
        LogStored(merchantId, read.Count, changed.Count);
        return new CatalogStored(merchantId, read.Count, changed.Count, read.Count - changed.Count, pushed);
    }

    /// <summary>GET .../products/{productId}: the product as stored and its listing on each shop of the merchant.</summary>
    public async Task<Outcome<CatalogProductView>> GetAsync(CatalogProductRef request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, productId) = (request.MerchantId, request.ProductId);
        if (await catalog.GetAsync(merchantId, productId, cancellationToken) is not { } stored)
        {
            return NotInCatalog(merchantId, productId);
        }

        var views = new List<CatalogProductListing>();
        foreach (var shop in await shops.ListByMerchantAsync(merchantId, cancellationToken))
        {
            var (record, _) = await listings.GetAsync(shop.ShopId, productId, cancellationToken);
            views.Add(new CatalogProductListing(shop.ShopId, shop.Name, record is null ? null : ListingView.From(record)));
        }

        return new CatalogProductView(merchantId, stored.Product, stored.Deleted, stored.UpdatedAt, views);
    }

    /// <summary>DELETE .../products/{productId}: removed from the catalog; shops with auto delete delete it on TikTok.</summary>
    public async Task<Outcome<CatalogProductRemoved>> DeleteAsync(CatalogProductRef request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, productId) = (request.MerchantId, request.ProductId);
        if (await catalog.RemoveAsync(merchantId, productId, cancellationToken) is not { } sequence)
        {
            return NotInCatalog(merchantId, productId);
        }

        var pushed = await scheduling.CatalogChangedAsync(merchantId, [(productId, sequence)], cancellationToken);
        return new CatalogProductRemoved(merchantId, productId, true, pushed);
    }

    private static Refusal NotInCatalog(string merchantId, string productId) => Refusal.NotFound($"Product {productId} is not in the catalog of merchant {merchantId}.");

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Catalog of merchant {MerchantId}: {Received} products received, {Changed} new or changed")]
    private partial void LogStored(string merchantId, int received, int changed);
}
