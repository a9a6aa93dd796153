using Connector.TikTok;
using Connector.TikTok.Api;

namespace Connector.Testing;

/// <summary>Passes every call to a real client; tests override the one call they want to break.</summary>
public abstract partial class DelegatingShopClient(ITikTokShopClient inner) : ITikTokShopClient
{
    protected ITikTokShopClient Inner => inner;

    public virtual Task<IReadOnlyList<TikTokAuthorizedShop>> GetAuthorizedShopsAsync(TikTokAccessToken accessToken, CancellationToken cancellationToken) => inner.GetAuthorizedShopsAsync(accessToken, cancellationToken);

    public virtual Task<TikTokOrderPage> SearchOrdersAsync(TikTokShopRef shop, TikTokOrderSearch filter, TikTokPageRequest page, CancellationToken cancellationToken) => inner.SearchOrdersAsync(shop, filter, page, cancellationToken);

    public virtual Task<IReadOnlyList<TikTokOrder>> GetOrdersAsync(TikTokShopRef shop, IEnumerable<string> orderIds, CancellationToken cancellationToken) => inner.GetOrdersAsync(shop, orderIds, cancellationToken);

    public virtual Task<TikTokProductPage> SearchProductsAsync(TikTokShopRef shop, TikTokProductSearch filter, TikTokPageRequest page, CancellationToken cancellationToken) => inner.SearchProductsAsync(shop, filter, page, cancellationToken);

    public virtual Task<TikTokProduct> GetProductAsync(TikTokShopRef shop, string productId, CancellationToken cancellationToken) => inner.GetProductAsync(shop, productId, cancellationToken);

    public virtual Task<TikTokInventoryUpdateResult> UpdateInventoryAsync(TikTokShopRef shop, string productId, IReadOnlyList<TikTokSkuInventory> skus, CancellationToken cancellationToken) => inner.UpdateInventoryAsync(shop, productId, skus, cancellationToken);

    public virtual Task<IReadOnlyList<TikTokWarehouse>> GetWarehousesAsync(TikTokShopRef shop, CancellationToken cancellationToken) => inner.GetWarehousesAsync(shop, cancellationToken);

    public virtual Task<IReadOnlyList<TikTokDeliveryOption>> GetDeliveryOptionsAsync(TikTokShopRef shop, string warehouseId, CancellationToken cancellationToken) => inner.GetDeliveryOptionsAsync(shop, warehouseId, cancellationToken);

    public virtual Task<IReadOnlyList<TikTokShippingProvider>> GetShippingProvidersAsync(TikTokShopRef shop, string deliveryOptionId, CancellationToken cancellationToken) => inner.GetShippingProvidersAsync(shop, deliveryOptionId, cancellationToken);

    public virtual Task<TikTokShippedPackage> MarkPackageShippedAsync(TikTokShopRef shop, string orderId, TikTokShipPackageRequest package, CancellationToken cancellationToken) => inner.MarkPackageShippedAsync(shop, orderId, package, cancellationToken);

    public virtual Task UpdateShippingInfoAsync(TikTokShopRef shop, string orderId, TikTokShippingInfo shippingInfo, CancellationToken cancellationToken) => inner.UpdateShippingInfoAsync(shop, orderId, shippingInfo, cancellationToken);
}
