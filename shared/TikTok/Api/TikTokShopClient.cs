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

    /// <summary>
    /// Sets absolute stock levels: one call per product with all its changed SKUs. TikTok may refuse some SKUs and still
    /// answer success: those are in the result's <see cref="TikTokInventoryUpdateResult.Errors"/>.
    /// </summary>
    Task<TikTokInventoryUpdateResult> UpdateInventoryAsync(TikTokShopRef shop, string productId, IReadOnlyList<TikTokSkuInventory> skus, CancellationToken cancellationToken);

    Task<IReadOnlyList<TikTokWarehouse>> GetWarehousesAsync(TikTokShopRef shop, CancellationToken cancellationToken);

    Task<IReadOnlyList<TikTokDeliveryOption>> GetDeliveryOptionsAsync(TikTokShopRef shop, string warehouseId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TikTokShippingProvider>> GetShippingProvidersAsync(TikTokShopRef shop, string deliveryOptionId, CancellationToken cancellationToken);

    /// <summary>Creates a package for seller-shipped line items and marks it shipped with a tracking number.</summary>
    Task<TikTokShippedPackage> MarkPackageShippedAsync(TikTokShopRef shop, string orderId, TikTokShipPackageRequest package, CancellationToken cancellationToken);

    Task UpdateShippingInfoAsync(TikTokShopRef shop, string orderId, TikTokShippingInfo shippingInfo, CancellationToken cancellationToken);

}

public sealed partial class TikTokShopClient : ITikTokShopClient
{
    /// <summary>Order ids per GET /order/202507/orders call (TikTok's reference: ids, max count 50).</summary>
    public const int OrdersPerDetailCall = 50;

    /// <summary>Order detail (reference: api-reference/orders/get-order-detail.spec.json).</summary>
    public const string OrderDetailPath = "/order/202507/orders";

    /// <summary>Order search (reference: api-reference/orders/get-order-list.spec.json).</summary>
    public const string OrderSearchPath = "/order/202309/orders/search";

    /// <summary>Product search (reference: api-reference/products/search-products.spec.json).</summary>
    public const string ProductSearchPath = "/product/202502/products/search";

    /// <summary>The largest page of a cancellation or return search (reference: page_size [1-50] and [10-50]).</summary>
    public const int MaxReversePageSize = 50;

    /// <summary>The smallest page of a return search (reference: page_size [10-50]).</summary>
    public const int MinReturnPageSize = 10;

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
        var call = Paged(Post(shop, OrderSearchPath, body), page);
        return sender.SendAsync(call, TikTokJsonContext.Default.TikTokOrderPage, cancellationToken);
    }

    public async Task<IReadOnlyList<TikTokOrder>> GetOrdersAsync(TikTokShopRef shop, IEnumerable<string> orderIds, CancellationToken cancellationToken)
    {
        var orders = new List<TikTokOrder>();
        foreach (var batch in orderIds.Distinct(StringComparer.Ordinal).Chunk(OrdersPerDetailCall))
        {
            var call = Get(shop, OrderDetailPath).With("ids", string.Join(',', batch));
            var data = await sender.SendAsync(call, TikTokJsonContext.Default.TikTokOrdersData, cancellationToken);
            orders.AddRange(data.Orders);
        }

        return orders;
    }

    public Task<TikTokProductPage> SearchProductsAsync(TikTokShopRef shop, TikTokProductSearch filter, TikTokPageRequest page, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(filter, TikTokJsonContext.Default.TikTokProductSearch);
        var call = Paged(Post(shop, ProductSearchPath, body), page);
        return sender.SendAsync(call, TikTokJsonContext.Default.TikTokProductPage, cancellationToken);
    }

    public Task<TikTokProduct> GetProductAsync(TikTokShopRef shop, string productId, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, "/product/202309/products/{product_id}", productId), TikTokJsonContext.Default.TikTokProduct, cancellationToken);

    public Task<TikTokInventoryUpdateResult> UpdateInventoryAsync(TikTokShopRef shop, string productId, IReadOnlyList<TikTokSkuInventory> skus, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new TikTokInventoryUpdateBody(skus), TikTokJsonContext.Default.TikTokInventoryUpdateBody);
        return sender.SendAsync(Post(shop, "/product/202309/products/{product_id}/inventory/update", body, productId), TikTokJsonContext.Default.TikTokInventoryUpdateResult, cancellationToken);
    }

    public async Task<IReadOnlyList<TikTokWarehouse>> GetWarehousesAsync(TikTokShopRef shop, CancellationToken cancellationToken) =>
        (await sender.SendAsync(Get(shop, "/logistics/202309/warehouses"), TikTokJsonContext.Default.TikTokWarehousesData, cancellationToken)).Warehouses;

    public async Task<IReadOnlyList<TikTokDeliveryOption>> GetDeliveryOptionsAsync(TikTokShopRef shop, string warehouseId, CancellationToken cancellationToken) =>
        (await sender.SendAsync(Get(shop, "/logistics/202309/warehouses/{warehouse_id}/delivery_options", warehouseId),
            TikTokJsonContext.Default.TikTokDeliveryOptionsData, cancellationToken)).DeliveryOptions;

    public async Task<IReadOnlyList<TikTokShippingProvider>> GetShippingProvidersAsync(TikTokShopRef shop, string deliveryOptionId, CancellationToken cancellationToken) =>
        (await sender.SendAsync(Get(shop, "/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers", deliveryOptionId),
            TikTokJsonContext.Default.TikTokShippingProvidersData, cancellationToken)).ShippingProviders;

    public Task<TikTokShippedPackage> MarkPackageShippedAsync(TikTokShopRef shop, string orderId, TikTokShipPackageRequest package, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(package, TikTokJsonContext.Default.TikTokShipPackageRequest);
        return sender.SendAsync(Post(shop, "/fulfillment/202309/orders/{order_id}/packages", body, orderId), TikTokJsonContext.Default.TikTokShippedPackage, cancellationToken);
    }

    public Task UpdateShippingInfoAsync(TikTokShopRef shop, string orderId, TikTokShippingInfo shippingInfo, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(shippingInfo, TikTokJsonContext.Default.TikTokShippingInfo);
        return sender.SendAsync(Post(shop, "/fulfillment/202309/orders/{order_id}/shipping_info/update", body, orderId), TikTokJsonContext.Default.TikTokEmptyData, cancellationToken);
    }

    /// <summary>
    /// Page size, token and sort of a search. A page size the caller gives must be within the endpoint's documented
    /// range; the configured default (TikTok:PageSize) is fitted into it.
    /// </summary>
    private TikTokCall Paged(TikTokCall call, TikTokPageRequest page, int min = 1, int max = TikTokOptions.MaxPageSize)
    {
        var size = page.PageSize ?? Math.Clamp(settings.PageSize, min, max);
        if (size < min || size > max)
        {
            throw new ArgumentOutOfRangeException(nameof(page), size, $"A page of {call.Path} has {min} to {max} items.");
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

    /// <summary>A GET of the API <paramref name="template"/>, its <c>{placeholders}</c> filled with <paramref name="ids"/> in order.</summary>
    private static TikTokCall Get(TikTokShopRef shop, string template, params string[] ids) =>
        new(HttpMethod.Get, Fill(template, ids), shop.ShopId, shop.Cipher, Body: null) { Api = template };

    private static TikTokCall Post(TikTokShopRef shop, string template, string? body, params string[] ids) =>
        new(HttpMethod.Post, Fill(template, ids), shop.ShopId, shop.Cipher, body) { Api = template };

    private static string Fill(string template, string[] ids)
    {
        var index = 0;
        var path = System.Text.RegularExpressions.Regex.Replace(template, "\\{[a-z_]+\\}", _ => Segment(ids[index++]));
        return index == ids.Length ? path : throw new ArgumentException($"{template} takes {index} ids, not {ids.Length}.", nameof(ids));
    }

    private static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Uri.EscapeDataString(id);
    }
}
