using System.Globalization;
using Connector.TikTok.Http;
using Connector.TikTok.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.TikTok.Api;

/// <summary>The Open API calls the connector makes. Every call is signed, rate limited, retried and envelope-checked.</summary>
public partial interface ITikTokShopClient
{
    /// <summary>The shops a fresh authorization covers (no shop_cipher; uses the given token, no refresh).</summary>
    Task<IReadOnlyList<TikTokAuthorizedShop>> GetAuthorizedShopsAsync(TikTokAccessToken accessToken, CancellationToken cancellationToken);

    Task<TikTokOrderPage> SearchOrdersAsync(TikTokShopRef shop, TikTokOrderSearch filter, TikTokPageRequest page, CancellationToken cancellationToken);

    /// <summary>Order details, fetched <see cref="TikTokShopClient.OrdersPerDetailCall"/> ids per call.</summary>
    Task<IReadOnlyList<TikTokOrder>> GetOrdersAsync(TikTokShopRef shop, IEnumerable<string> orderIds, CancellationToken cancellationToken);

    Task<TikTokProductPage> SearchProductsAsync(TikTokShopRef shop, TikTokProductSearch filter, TikTokPageRequest page, CancellationToken cancellationToken);

    Task<TikTokProduct> GetProductAsync(TikTokShopRef shop, string productId, CancellationToken cancellationToken);

    /// <summary>Sets absolute stock levels: one call per product with all its changed SKUs.</summary>
    Task UpdateInventoryAsync(TikTokShopRef shop, string productId, IReadOnlyList<TikTokSkuInventory> skus, CancellationToken cancellationToken);

    Task<IReadOnlyList<TikTokWarehouse>> GetWarehousesAsync(TikTokShopRef shop, CancellationToken cancellationToken);

    Task<IReadOnlyList<TikTokDeliveryOption>> GetDeliveryOptionsAsync(TikTokShopRef shop, string warehouseId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TikTokShippingProvider>> GetShippingProvidersAsync(TikTokShopRef shop, string deliveryOptionId, CancellationToken cancellationToken);

    /// <summary>Creates a package for seller-shipped line items and marks it shipped with a tracking number.</summary>
    Task<TikTokShippedPackage> MarkPackageShippedAsync(TikTokShopRef shop, string orderId, TikTokShipPackageRequest package, CancellationToken cancellationToken);

    Task UpdateShippingInfoAsync(TikTokShopRef shop, string orderId, TikTokShippingInfo shippingInfo, CancellationToken cancellationToken);

    Task<TikTokCancellationPage> SearchCancellationsAsync(TikTokShopRef shop, TikTokCancellationSearch filter, TikTokPageRequest page, CancellationToken cancellationToken);

    Task<TikTokReturnPage> SearchReturnsAsync(TikTokShopRef shop, TikTokReturnSearch filter, TikTokPageRequest page, CancellationToken cancellationToken);

    Task ApproveCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, CancellationToken cancellationToken);

    Task RejectCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, TikTokRejection rejection, CancellationToken cancellationToken);

    Task ApproveReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, CancellationToken cancellationToken);

    Task RejectReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokRejection rejection, CancellationToken cancellationToken);
}

public sealed partial class TikTokShopClient : ITikTokShopClient
{
    /// <summary>Order ids per GET /order/202309/orders call.</summary>
    public const int OrdersPerDetailCall = 50;

    /// <summary>TikTok's limit on idempotency_key.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    private readonly TikTokOptions settings;
    private readonly TikTokApiSender sender;

    public TikTokShopClient(HttpClient http, IOptions<TikTokOptions> options, TikTokApps apps, ITikTokTokenProvider tokens, TikTokRateLimiter limiter,
        TikTokResilience resilience, TimeProvider time, ILogger<TikTokShopClient> logger)
    {
        settings = options.Value;
        sender = new TikTokApiSender(http, settings, apps, tokens, limiter, resilience, time, logger);
    }

    public async Task<IReadOnlyList<TikTokAuthorizedShop>> GetAuthorizedShopsAsync(TikTokAccessToken accessToken, CancellationToken cancellationToken)
    {
        var call = new TikTokCall(HttpMethod.Get, "/authorization/202309/shops", ShopId: null, ShopCipher: null, Body: null);
        var data = await sender.SendWithTokenAsync(call, accessToken, TikTokJsonContext.Default.TikTokShopsData, cancellationToken);
        return data.Shops;
    }

    public Task<TikTokOrderPage> SearchOrdersAsync(TikTokShopRef shop, TikTokOrderSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(filter, TikTokJsonContext.Default.TikTokOrderSearch);
        var call = Paged(Post(shop, "/order/202309/orders/search", body), page);
        return sender.SendAsync(call, TikTokJsonContext.Default.TikTokOrderPage, cancellationToken);
    }

    public async Task<IReadOnlyList<TikTokOrder>> GetOrdersAsync(TikTokShopRef shop, IEnumerable<string> orderIds, CancellationToken cancellationToken)
    {
        var orders = new List<TikTokOrder>();
        foreach (var batch in orderIds.Distinct(StringComparer.Ordinal).Chunk(OrdersPerDetailCall))
        {
            var call = Get(shop, "/order/202309/orders").With("ids", string.Join(',', batch));
            var data = await sender.SendAsync(call, TikTokJsonContext.Default.TikTokOrdersData, cancellationToken);
            orders.AddRange(data.Orders);
        }

        return orders;
    }

    public Task<TikTokProductPage> SearchProductsAsync(TikTokShopRef shop, TikTokProductSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(filter, TikTokJsonContext.Default.TikTokProductSearch);
        var call = Paged(Post(shop, "/product/202309/products/search", body), page);
        return sender.SendAsync(call, TikTokJsonContext.Default.TikTokProductPage, cancellationToken);
    }

    public Task<TikTokProduct> GetProductAsync(TikTokShopRef shop, string productId, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, $"/product/202309/products/{Segment(productId)}"), TikTokJsonContext.Default.TikTokProduct, cancellationToken);

    public Task UpdateInventoryAsync(TikTokShopRef shop, string productId, IReadOnlyList<TikTokSkuInventory> skus, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new TikTokInventoryUpdateBody(skus), TikTokJsonContext.Default.TikTokInventoryUpdateBody);
        return sender.SendAsync(Post(shop, $"/product/202309/products/{Segment(productId)}/inventory/update", body), TikTokJsonContext.Default.TikTokEmptyData, cancellationToken);
    }

    public async Task<IReadOnlyList<TikTokWarehouse>> GetWarehousesAsync(TikTokShopRef shop, CancellationToken cancellationToken) =>
        (await sender.SendAsync(Get(shop, "/logistics/202309/warehouses"), TikTokJsonContext.Default.TikTokWarehousesData, cancellationToken)).Warehouses;

    public async Task<IReadOnlyList<TikTokDeliveryOption>> GetDeliveryOptionsAsync(TikTokShopRef shop, string warehouseId, CancellationToken cancellationToken) =>
        (await sender.SendAsync(Get(shop, $"/logistics/202309/warehouses/{Segment(warehouseId)}/delivery_options"),
            TikTokJsonContext.Default.TikTokDeliveryOptionsData, cancellationToken)).DeliveryOptions;

    public async Task<IReadOnlyList<TikTokShippingProvider>> GetShippingProvidersAsync(TikTokShopRef shop, string deliveryOptionId, CancellationToken cancellationToken) =>
        (await sender.SendAsync(Get(shop, $"/logistics/202309/delivery_options/{Segment(deliveryOptionId)}/shipping_providers"),
            TikTokJsonContext.Default.TikTokShippingProvidersData, cancellationToken)).ShippingProviders;

    public Task<TikTokShippedPackage> MarkPackageShippedAsync(TikTokShopRef shop, string orderId, TikTokShipPackageRequest package, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(package, TikTokJsonContext.Default.TikTokShipPackageRequest);
        return sender.SendAsync(Post(shop, $"/fulfillment/202309/orders/{Segment(orderId)}/packages", body), TikTokJsonContext.Default.TikTokShippedPackage, cancellationToken);
    }

    public Task UpdateShippingInfoAsync(TikTokShopRef shop, string orderId, TikTokShippingInfo shippingInfo, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(shippingInfo, TikTokJsonContext.Default.TikTokShippingInfo);
        return sender.SendAsync(Post(shop, $"/fulfillment/202309/orders/{Segment(orderId)}/shipping_info/update", body), TikTokJsonContext.Default.TikTokEmptyData, cancellationToken);
    }

    public Task<TikTokCancellationPage> SearchCancellationsAsync(TikTokShopRef shop, TikTokCancellationSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(filter, TikTokJsonContext.Default.TikTokCancellationSearch);
        return sender.SendAsync(Paged(Post(shop, "/return_refund/202309/cancellations/search", body), page), TikTokJsonContext.Default.TikTokCancellationPage, cancellationToken);
    }

    public Task<TikTokReturnPage> SearchReturnsAsync(TikTokShopRef shop, TikTokReturnSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(filter, TikTokJsonContext.Default.TikTokReturnSearch);
        return sender.SendAsync(Paged(Post(shop, "/return_refund/202309/returns/search", body), page), TikTokJsonContext.Default.TikTokReturnPage, cancellationToken);
    }

    public Task ApproveCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, CancellationToken cancellationToken) =>
        Decide(shop, $"/return_refund/202309/cancellations/{Segment(cancelId)}/approve", idempotencyKey, rejection: null, cancellationToken);

    public Task RejectCancellationAsync(TikTokShopRef shop, string cancelId, string idempotencyKey, TikTokRejection rejection, CancellationToken cancellationToken) =>
        Decide(shop, $"/return_refund/202309/cancellations/{Segment(cancelId)}/reject", idempotencyKey, rejection, cancellationToken);

    public Task ApproveReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, CancellationToken cancellationToken) =>
        Decide(shop, $"/return_refund/202309/returns/{Segment(returnId)}/approve", idempotencyKey, rejection: null, cancellationToken);

    public Task RejectReturnAsync(TikTokShopRef shop, string returnId, string idempotencyKey, TikTokRejection rejection, CancellationToken cancellationToken) =>
        Decide(shop, $"/return_refund/202309/returns/{Segment(returnId)}/reject", idempotencyKey, rejection, cancellationToken);

    private Task Decide(TikTokShopRef shop, string path, string idempotencyKey, TikTokRejection? rejection, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ArgumentException($"An idempotency key has at most {MaxIdempotencyKeyLength} characters.", nameof(idempotencyKey));
        }

        var body = rejection is null ? null : System.Text.Json.JsonSerializer.Serialize(rejection, TikTokJsonContext.Default.TikTokRejection);
        var call = Post(shop, path, body).With("idempotency_key", idempotencyKey);
        return sender.SendAsync(call, TikTokJsonContext.Default.TikTokEmptyData, cancellationToken);
    }

    private TikTokCall Paged(TikTokCall call, TikTokPageRequest page)
    {
        var size = page.PageSize ?? settings.PageSize;
        if (size is < 1 or > TikTokOptions.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(page), size, $"A page has 1 to {TikTokOptions.MaxPageSize} items.");
        }

        return call
            .With("page_size", size.ToString(CultureInfo.InvariantCulture))
            .With("page_token", string.IsNullOrEmpty(page.PageToken) ? null : page.PageToken)
            .With("sort_field", page.SortField switch
            {
                TikTokSortField.CreateTime => "create_time",
                TikTokSortField.UpdateTime => "update_time",
                _ => null,
            })
            .With("sort_order", page.SortOrder switch
            {
                TikTokSortOrder.Ascending => "ASC",
                TikTokSortOrder.Descending => "DESC",
                _ => null,
            });
    }

    private static TikTokCall Get(TikTokShopRef shop, string path) => new(HttpMethod.Get, path, shop.ShopId, shop.Cipher, Body: null);

    private static TikTokCall Post(TikTokShopRef shop, string path, string? body) => new(HttpMethod.Post, path, shop.ShopId, shop.Cipher, body);

    private static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Uri.EscapeDataString(id);
    }
}
