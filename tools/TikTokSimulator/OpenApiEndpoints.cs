namespace TikTokSimulator;

/// <summary>The Open API paths the connector uses, answered from <see cref="SimulatorState"/>.</summary>
internal static class OpenApiEndpoints
{
    public static void Map(WebApplication app, SimulatorState state, SimulatorOptions options)
    {
        app.MapGet("/authorization/202309/shops", (HttpContext c) =>
        {
            var seller = (SimSeller)c.Items[Gate.SellerKey]!;
            return Envelope.Ok(c, state, () => new { shops = seller.Shops.Select(s => new { s.Id, s.Name, s.Region, s.SellerType, s.Cipher, s.Code }).ToList() });
        });

        app.MapPost("/order/202309/orders/search", (HttpContext c) =>
        {
            var filter = Envelope.Body<OrderFilter>(c);
            return Envelope.Ok(c, state, () =>
            {
                var shop = Shop(c);
                state.Progress(shop);
                var matching = shop.Orders.Values.Where(o =>
                    (filter.OrderStatus is null || o.Status == filter.OrderStatus) &&
                    InRange(o.CreateTime, filter.CreateTimeGe, filter.CreateTimeLt) &&
                    InRange(o.UpdateTime, filter.UpdateTimeGe, filter.UpdateTimeLt) &&
                    (filter.ShippingType is null || o.ShippingType == filter.ShippingType) &&
                    (filter.IsBuyerRequestCancel is null || o.IsBuyerRequestCancel == filter.IsBuyerRequestCancel) &&
                    (filter.WarehouseIds is not { Count: > 0 } || filter.WarehouseIds.Contains(o.WarehouseId ?? "")));
                var page = Paging.Paginate(matching, OrderTime, o => o.Id, c.Request.Query, options.MaxPageSize);
                return new { orders = page.Items, next_page_token = page.NextPageToken, total_count = page.TotalCount };
            });
        });

        app.MapGet("/order/202507/orders", (HttpContext c) =>
        {
            var ids = c.Request.Query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ids.Length == 0 || ids.Length > options.MaxOrderIdsPerCall)
            {
                throw SimException.BadRequest($"ids must name 1 to {options.MaxOrderIdsPerCall} orders");
            }

            return Envelope.Ok(c, state, () =>
            {
                var shop = Shop(c);
                state.Progress(shop);
                return new { orders = ids.Distinct().Where(shop.Orders.ContainsKey).Select(id => shop.Orders[id]).ToList() };
            });
        });

        app.MapPost("/product/202502/products/search", (HttpContext c) =>
        {
            var filter = Envelope.Body<ProductFilter>(c);
            return Envelope.Ok(c, state, () =>
            {
                var matching = Shop(c).Products.Values.Where(p =>
                    (filter.Status is null || p.Status == filter.Status) &&
                    (filter.SellerSkus is not { Count: > 0 } || p.Skus.Any(s => filter.SellerSkus.Contains(s.SellerSku))) &&
                    InRange(p.CreateTime, filter.CreateTimeGe, filter.CreateTimeLe + 1) &&
                    InRange(p.UpdateTime, filter.UpdateTimeGe, filter.UpdateTimeLe + 1));
                var page = Paging.Paginate(matching, (p, field) => field == "update_time" ? p.UpdateTime : p.CreateTime, p => p.Id, c.Request.Query, options.MaxPageSize);
                return new { products = page.Items, next_page_token = page.NextPageToken, total_count = page.TotalCount };
            });
        });

        app.MapGet("/product/202309/products/{product_id}", (HttpContext c, string product_id) =>
            Envelope.Ok(c, state, () => state.ProductView(Shop(c), product_id)));

        app.MapPost("/product/202309/products/{product_id}/inventory/update", (HttpContext c, string product_id) =>
        {
            var body = Envelope.Body<InventoryUpdateBody>(c);
            return Envelope.Ok(c, state, () =>
            {
                var errors = state.UpdateInventory(Shop(c), product_id, body, Envelope.RequestId(c));
                return errors.Count == 0 ? new { } : (object)new { errors };
            });
        });

        app.MapGet("/logistics/202309/warehouses", (HttpContext c) => Envelope.Ok(c, state, () => new { warehouses = Shop(c).Warehouses }));

        app.MapGet("/logistics/202309/warehouses/{warehouse_id}/delivery_options", (HttpContext c, string warehouse_id) =>
            Envelope.Ok(c, state, () => new { delivery_options = SimulatorState.RequireWarehouse(Shop(c), warehouse_id).DeliveryOptions.Select(d => new { d.Id, d.Name, d.Type }) }));

        app.MapGet("/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers", (HttpContext c, string delivery_option_id) =>
            Envelope.Ok(c, state, () =>
            {
                var option = Shop(c).Warehouses.SelectMany(w => w.DeliveryOptions).FirstOrDefault(d => d.Id == delivery_option_id)
                    ?? throw SimException.NotFound($"delivery option {delivery_option_id} does not exist");
                return new { shipping_providers = option.ShippingProviders };
            }));

        app.MapPost("/fulfillment/202309/orders/{order_id}/packages", (HttpContext c, string order_id) =>
        {
            var body = Envelope.Body<ShipBody>(c);
            return Envelope.Ok(c, state, () => state.MarkShipped(Shop(c), order_id, body));
        });

        app.MapPost("/fulfillment/202309/orders/{order_id}/shipping_info/update", (HttpContext c, string order_id) =>
        {
            var body = Envelope.Body<ShipBody>(c);
            return Envelope.Ok(c, state, () =>
            {
                state.UpdateShippingInfo(Shop(c), order_id, body);
                return new { };
            });
        });
    }

    private static SimShop Shop(HttpContext c) => (SimShop)c.Items[Gate.ShopKey]!;

    private static long OrderTime(SimOrder order, string field) => field == "update_time" ? order.UpdateTime : order.CreateTime;

    private static bool InRange(long value, long? from, long? to) => (from is null || value >= from) && (to is null || value < to);

    private sealed record OrderFilter(string? OrderStatus, long? CreateTimeGe, long? CreateTimeLt, long? UpdateTimeGe, long? UpdateTimeLt,
        string? ShippingType, bool? IsBuyerRequestCancel, List<string>? WarehouseIds);

    /// <summary>Product search filters: <c>_ge</c> and <c>_le</c>, both inclusive, as TikTok documents them.</summary>
    private sealed record ProductFilter(string? Status, List<string>? SellerSkus, long? CreateTimeGe, long? CreateTimeLe, long? UpdateTimeGe, long? UpdateTimeLe);
}
