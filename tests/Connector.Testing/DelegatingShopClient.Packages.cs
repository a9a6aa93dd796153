using Connector.TikTok.Api;

namespace Connector.Testing;

/// <summary>TikTok Shipping's calls, passed through like every other.</summary>
public abstract partial class DelegatingShopClient
{
    public virtual Task<TikTokEligibleShippingServices> GetEligibleShippingServicesAsync(TikTokShopRef shop, string orderId, TikTokShippingServiceQuery query, CancellationToken cancellationToken) =>
        inner.GetEligibleShippingServicesAsync(shop, orderId, query, cancellationToken);

    public virtual Task<TikTokCreatedPackage> CreatePackageAsync(TikTokShopRef shop, TikTokCreatePackageRequest request, CancellationToken cancellationToken) =>
        inner.CreatePackageAsync(shop, request, cancellationToken);

    public virtual Task<TikTokHandoverTimeSlots> GetHandoverTimeSlotsAsync(TikTokShopRef shop, string packageId, CancellationToken cancellationToken) =>
        inner.GetHandoverTimeSlotsAsync(shop, packageId, cancellationToken);

    public virtual Task ShipPackageAsync(TikTokShopRef shop, string packageId, TikTokPackageShipment shipment, CancellationToken cancellationToken) =>
        inner.ShipPackageAsync(shop, packageId, shipment, cancellationToken);

    public virtual Task<TikTokShippingDocument> GetShippingDocumentAsync(TikTokShopRef shop, string packageId, TikTokDocumentRequest document, CancellationToken cancellationToken) =>
        inner.GetShippingDocumentAsync(shop, packageId, document, cancellationToken);

    public virtual Task<TikTokPackageDetail> GetPackageDetailAsync(TikTokShopRef shop, string packageId, CancellationToken cancellationToken) =>
        inner.GetPackageDetailAsync(shop, packageId, cancellationToken);

    public virtual Task<IReadOnlyList<TikTokSplitPackage>> SplitOrderAsync(TikTokShopRef shop, string orderId, IReadOnlyList<TikTokSplittableGroup> groups, CancellationToken cancellationToken) =>
        inner.SplitOrderAsync(shop, orderId, groups, cancellationToken);

    public virtual Task<TikTokCombinablePackagePage> SearchCombinablePackagesAsync(TikTokShopRef shop, int pageSize, string? pageToken, CancellationToken cancellationToken) =>
        inner.SearchCombinablePackagesAsync(shop, pageSize, pageToken, cancellationToken);

    public virtual Task<TikTokCombineResult> CombinePackagesAsync(TikTokShopRef shop, IReadOnlyList<TikTokCombinablePackage> packages, CancellationToken cancellationToken) =>
        inner.CombinePackagesAsync(shop, packages, cancellationToken);
}
