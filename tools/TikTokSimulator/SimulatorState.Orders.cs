using System.Globalization;
using System.Text;

namespace TikTokSimulator;

public sealed partial class SimulatorState
{
    private static readonly string[] GeneratedStatuses =
        ["AWAITING_SHIPMENT", "AWAITING_SHIPMENT", "AWAITING_SHIPMENT", "ON_HOLD", "UNPAID", "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED"];

    private static readonly string[] FirstNames = ["Alex", "Sam", "Jo", "Priya", "Tom", "Mei", "Ola", "Ruth"];
    private static readonly string[] Streets = ["High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue"];

    /// <summary>
    /// Generates <paramref name="count"/> orders from <paramref name="seed"/> (same seed, same orders), created between
    /// <paramref name="from"/> and <paramref name="to"/> (default: the last 24 hours), one line item per unit.
    /// </summary>
    public IReadOnlyList<SimOrder> GenerateOrders(string shopId, int count, int seed, DateTimeOffset? from = null, DateTimeOffset? to = null, string? status = null,
        SimOrderOptions? orderOptions = null)
    {
        orderOptions?.Validate();
        lock (gate)
        {
            var shop = Shop(shopId);
            if (shop.Products.Count == 0)
            {
                SeedDefaultProductsLocked(shop);
            }

            var random = new Random(seed);
            var start = (from ?? Now.AddDays(-1)).ToUnixTimeSeconds();
            var end = Math.Max(start + 1, (to ?? Now).ToUnixTimeSeconds());
            var skus = shop.Products.Values.SelectMany(p => p.Skus.Select(s => (Product: p, Sku: s))).ToList();
            var warehouse = shop.Warehouses.First(w => w.IsDefault);
            var created = new List<SimOrder>();
            for (var i = 0; i < count; i++)
            {
                var createTime = random.NextInt64(start, end);
                var orderStatus = status ?? GeneratedStatuses[random.Next(GeneratedStatuses.Length)];
                var order = new SimOrder
                {
                    Id = "5764" + NextId().ToString("D14", CultureInfo.InvariantCulture),
                    Status = orderStatus,
                    CreateTime = createTime,
                    UpdateTime = Math.Min(UnixNow, createTime + random.Next(0, 600)),
                    PaidTime = orderStatus == "UNPAID" ? null : createTime + 30,
                    WarehouseId = warehouse.Id,
                    DeliveryOptionId = warehouse.DeliveryOptions.FirstOrDefault()?.Id,
                    DeliveryOptionName = warehouse.DeliveryOptions.FirstOrDefault()?.Name,
                    BuyerMessage = random.Next(4) == 0 ? "Please leave with a neighbour" : "",
                    RecipientAddress = RegionalRecipient(shop, random),
                    ShippingType = orderOptions?.ShippingType ?? "SELLER",
                    FulfillmentType = orderOptions?.FulfillmentType ?? "FULFILLMENT_BY_SELLER",
                    IsOnHoldOrder = orderOptions?.IsOnHoldOrder ?? orderStatus == "ON_HOLD",
                };
                foreach (var (product, sku) in skus.OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(3, skus.Count) + 1)))
                {
                    var units = random.Next(1, 4);
                    for (var unit = 0; unit < units; unit++)
                    {
                        order.LineItems.Add(new SimLineItem
                        {
                            Id = "5765" + NextId().ToString("D14", CultureInfo.InvariantCulture), SkuId = sku.Id, SellerSku = sku.SellerSku,
                            ProductId = product.Id, ProductName = product.Title, SkuName = sku.SellerSku, SalePrice = sku.Price.SalePrice,
                            OriginalPrice = sku.Price.SalePrice, Currency = shop.Currency, DisplayStatus = orderStatus,
                        });
                    }
                }

                var subTotal = order.LineItems.Sum(l => l.SalePrice);
                var discount = random.Next(5) == 0 ? 1.00m : 0.00m;
                var shipping = subTotal >= 30m ? 0.00m : 3.99m;
                order.Payment = new SimPayment
                {
                    Currency = shop.Currency, SubTotal = subTotal, ShippingFee = shipping, SellerDiscount = discount, PlatformDiscount = 0.00m,
                    Tax = Math.Round((subTotal - discount) / 6m, 2), TotalAmount = subTotal + shipping - discount,
                    OriginalTotalProductPrice = subTotal, OriginalShippingFee = shipping,
                };
                if (orderStatus == "CANCELLED")
                {
                    order.CancelReason = "Buyer changed their mind";
                    order.CancellationInitiator = "BUYER";
                }

                if (orderStatus is "IN_TRANSIT" or "DELIVERED" or "COMPLETED")
                {
                    var provider = warehouse.DeliveryOptions[0].ShippingProviders[0];
                    ShipLocked(order, provider, "TRK" + NextId(), order.LineItems.Select(l => l.Id).ToList(), touch: false);
                    order.Status = orderStatus;
                }
                else if (order.ShippingType == "TIKTOK")
                {
                    PrepareTikTokShippingLocked(shop, order); // outside the US, TikTok's package at payment (SimulatorState.Shipping.cs)
                }

                shop.Orders[order.Id] = order;
                created.Add(order);
            }

            return created;
        }
    }

    /// <summary>Sets products (new ids when missing) and their stock; returns them as stored.</summary>
    public IReadOnlyList<SimProduct> SetProducts(string shopId, IEnumerable<SimProductInput> products)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var stored = new List<SimProduct>();
            foreach (var input in products)
            {
                var id = input.Id ?? "1729" + NextId().ToString("D14", CultureInfo.InvariantCulture);
                var product = shop.Products.TryGetValue(id, out var existing) ? existing : new SimProduct { Id = id, Title = input.Title, CreateTime = UnixNow };
                product.Title = input.Title;
                product.Status = input.Status ?? product.Status;
                product.UpdateTime = Math.Max(UnixNow, product.UpdateTime + 1);
                product.Skus = input.Skus.Select(s => new SimSku
                {
                    Id = s.Id ?? "1730" + NextId().ToString("D14", CultureInfo.InvariantCulture),
                    SellerSku = s.SellerSku,
                    Price = new SimPrice { Currency = shop.Currency, SalePrice = s.Price },
                    Inventory = (s.Inventory ?? [new SimStockInput(shop.Warehouses.First(w => w.IsDefault).Id, 0)])
                        .Select(i => new SimStock { WarehouseId = RequireWarehouse(shop, i.WarehouseId).Id, Quantity = i.Quantity }).ToList(),
                }).ToList();
                shop.Products[id] = product;
                stored.Add(product);
            }

            return stored;
        }
    }

    /// <summary>Changes an order's status (and cancel reason), advancing update_time.</summary>
    public SimOrder ChangeOrder(string shopId, string orderId, string? status, string? cancelReason = null, string? buyerMessage = null)
    {
        lock (gate)
        {
            var order = Order(Shop(shopId), orderId);
            if (status is not null)
            {
                order.Status = status;
                order.IsOnHoldOrder |= status == "ON_HOLD";
                order.LineItems.ForEach(l => l.DisplayStatus = status);
                if (status == "CANCELLED")
                {
                    order.CancelReason = cancelReason ?? "Cancelled by buyer";
                    order.CancellationInitiator ??= "BUYER";
                    order.LineItems.ForEach(l => l.CancelReason = order.CancelReason);
                }

                if (status != "UNPAID")
                {
                    order.PaidTime ??= UnixNow;
                }
            }

            if (buyerMessage is not null)
            {
                order.BuyerMessage = buyerMessage;
            }

            Touch(order);
            return order;
        }
    }

    public IReadOnlyList<SimInventoryUpdate> InventoryUpdates(string shopId)
    {
        lock (gate)
        {
            return Shop(shopId).InventoryUpdates.ToList();
        }
    }

    public int Stock(string shopId, string skuId, string warehouseId)
    {
        lock (gate)
        {
            return Shop(shopId).Products.Values.SelectMany(p => p.Skus).Where(s => s.Id == skuId)
                .SelectMany(s => s.Inventory).Where(i => i.WarehouseId == warehouseId).Select(i => i.Quantity).FirstOrDefault();
        }
    }

    // ---------- Open API operations (called by the endpoints inside the lock) ----------

    /// <summary>Moves ON_HOLD orders past their hold to AWAITING_SHIPMENT (TikTok does this about an hour after purchase).</summary>
    internal void Progress(SimShop shop)
    {
        var holdSeconds = (long)options.OnHoldDuration.TotalSeconds;
        foreach (var order in shop.Orders.Values.Where(o => o.Status == "ON_HOLD" && o.CreateTime + holdSeconds <= UnixNow))
        {
            order.Status = "AWAITING_SHIPMENT";
            order.LineItems.ForEach(l => l.DisplayStatus = order.Status);
            order.UpdateTime = Math.Max(order.UpdateTime + 1, order.CreateTime + holdSeconds);
        }
    }

    internal SimOrder Order(SimShop shop, string orderId) =>
        shop.Orders.TryGetValue(orderId, out var order) ? order : throw SimException.NotFound($"order {orderId} does not exist in this shop");

    internal SimProduct Product(SimShop shop, string productId) =>
        shop.Products.TryGetValue(productId, out var product) ? product : throw SimException.NotFound($"product {productId} does not exist in this shop");

    internal static SimWarehouse RequireWarehouse(SimShop shop, string warehouseId) =>
        shop.Warehouses.FirstOrDefault(w => w.Id == warehouseId) ?? throw SimException.BadRequest($"warehouse {warehouseId} does not belong to this shop");

    /// <summary>
    /// POST .../inventory/update, as TikTok documents it: a request-wide problem (unknown product, no SKUs) is an error
    /// answer; a SKU TikTok refuses (unknown SKU, unknown or non-sales warehouse, quantity outside [0, 99,999], a
    /// refusal set with <see cref="RefuseInventoryUpdates"/>) is listed in <c>data.errors</c> (code 12052990 with the
    /// SKU id and per-warehouse extra errors) while the other SKUs are updated, and the answer's code is still 0.
    /// </summary>
    internal IReadOnlyList<object> UpdateInventory(SimShop shop, string productId, InventoryUpdateBody body, string requestId)
    {
        var product = shop.Products.TryGetValue(productId, out var found) ? found : throw new SimException(400, 12052260, "The product ID does not exist");
        if (body.Skus is not { Count: > 0 })
        {
            throw new SimException(400, 12052902, "The SKU list is empty. Either omit the list entirely, or provide all required details.");
        }

        var errors = new List<object>();
        foreach (var sku in body.Skus)
        {
            var extra = new List<object>();
            var stored = product.Skus.FirstOrDefault(s => s.Id == sku.Id);
            if (stored is null)
            {
                extra.Add(new { code = 12052556, message = "The SKU id not exist." });
            }
            else if (sku.Inventory is not { Count: > 0 })
            {
                extra.Add(new { code = 12019022, message = "SKU must contain a valid warehouse." });
            }
            else if (InventoryRefusal(shop.Id, stored.Id) is { } refusal)
            {
                extra.Add(new { code = refusal.Code, message = refusal.Message });
            }
            else
            {
                foreach (var line in sku.Inventory)
                {
                    var warehouse = shop.Warehouses.FirstOrDefault(w => w.Id == line.WarehouseId);
                    if (warehouse is null)
                    {
                        extra.Add(new { warehouse_id = line.WarehouseId, code = 12052097, message = "The warehouse does not exist" });
                    }
                    else if (warehouse.Type != "SALES_WAREHOUSE")
                    {
                        extra.Add(new { warehouse_id = line.WarehouseId, code = 12052532, message = "the warehouse not delivery warehouse" });
                    }
                    else if (line.Quantity is < 0 or > MaxInventoryQuantity)
                    {
                        extra.Add(new { warehouse_id = line.WarehouseId, code = 12052055, message = "The SKU inventory quantity for the warehouse must be within allowed limits." });
                    }
                }
            }

            if (extra.Count > 0)
            {
                errors.Add(new { code = 12052990, message = "Check failed", detail = new { sku_id = sku.Id, extra_errors = extra } });
                continue;
            }

            foreach (var line in sku.Inventory!)
            {
                var stock = stored!.Inventory.FirstOrDefault(i => i.WarehouseId == line.WarehouseId);
                if (stock is null)
                {
                    stored.Inventory.Add(new SimStock { WarehouseId = line.WarehouseId, Quantity = line.Quantity });
                }
                else
                {
                    stock.Quantity = line.Quantity;
                }

                shop.InventoryUpdates.Add(new SimInventoryUpdate(UnixNow, productId, stored.Id, line.WarehouseId, line.Quantity, requestId));
            }
        }

        if (errors.Count < body.Skus.Count)
        {
            product.UpdateTime = Math.Max(UnixNow, product.UpdateTime + 1);
        }

        return errors;
    }

    internal object MarkShipped(SimShop shop, string orderId, ShipBody body)
    {
        var order = Order(shop, orderId);
        if (order.Status is not ("AWAITING_SHIPMENT" or "PARTIALLY_SHIPPING"))
        {
            throw SimException.BadRequest($"an order in status {order.Status} cannot be shipped");
        }

        if (order.FulfillmentType == "FULFILLMENT_BY_TIKTOK")
        {
            throw SimException.BadRequest("the order is fulfilled by TikTok: the seller cannot ship it");
        }

        if (order.ShippingType != "SELLER")
        {
            throw SimException.BadRequest("the order uses TikTok Shipping: ship it with TikTok's label, not with the seller's own tracking number");
        }

        if (string.IsNullOrWhiteSpace(body.TrackingNumber))
        {
            throw SimException.BadRequest("tracking_number is required");
        }

        var provider = Provider(shop, body.ShippingProviderId);
        var lineIds = body.OrderLineItemIds is { Count: > 0 } ids ? ids : order.LineItems.Where(l => l.PackageId is null).Select(l => l.Id).ToList();
        foreach (var id in lineIds)
        {
            var line = order.LineItems.FirstOrDefault(l => l.Id == id) ?? throw SimException.BadRequest($"line item {id} is not in order {orderId}");
            if (line.PackageId is not null)
            {
                throw SimException.BadRequest($"line item {id} is already in package {line.PackageId}");
            }
        }

        var packageId = ShipLocked(order, provider, body.TrackingNumber, lineIds, touch: true);
        return ShipWarning(shop.Id) is { } warning
            ? new { package_id = packageId, order_id = order.Id, order_line_item_ids = lineIds, warning = new { message = warning } }
            : (object)new { package_id = packageId, order_id = order.Id, order_line_item_ids = lineIds };
    }

    internal void UpdateShippingInfo(SimShop shop, string orderId, ShipBody body)
    {
        var order = Order(shop, orderId);
        if (order.Packages.Count == 0)
        {
            throw SimException.BadRequest("the order has no package yet");
        }

        if (string.IsNullOrWhiteSpace(body.TrackingNumber))
        {
            throw SimException.BadRequest("tracking_number is required");
        }

        var provider = Provider(shop, body.ShippingProviderId);
        order.TrackingNumber = body.TrackingNumber;
        order.ShippingProvider = provider.Name;
        order.ShippingProviderId = provider.Id;
        Touch(order);
    }

    private string ShipLocked(SimOrder order, SimShippingProvider provider, string trackingNumber, List<string> lineIds, bool touch)
    {
        var packageId = "1153" + NextId().ToString("D14", CultureInfo.InvariantCulture);
        foreach (var line in order.LineItems.Where(l => lineIds.Contains(l.Id)))
        {
            line.PackageId = packageId;
        }

        order.Packages.Add(new SimPackageRef(packageId));
        order.TrackingNumber = trackingNumber;
        order.ShippingProvider = provider.Name;
        order.ShippingProviderId = provider.Id;
        order.Status = order.LineItems.All(l => l.PackageId is not null) ? "IN_TRANSIT" : "PARTIALLY_SHIPPING";
        order.LineItems.ForEach(l => l.DisplayStatus = l.PackageId is null ? "AWAITING_SHIPMENT" : "IN_TRANSIT");
        if (touch)
        {
            Touch(order);
        }

        return packageId;
    }

    private static SimShippingProvider Provider(SimShop shop, string? providerId) =>
        shop.Warehouses.SelectMany(w => w.DeliveryOptions).SelectMany(d => d.ShippingProviders).FirstOrDefault(p => p.Id == providerId)
        ?? throw SimException.BadRequest($"shipping_provider_id {providerId} is unknown");

    private void Touch(SimOrder order) => order.UpdateTime = Math.Max(UnixNow, order.UpdateTime + 1);

    private void SeedDefaultProductsLocked(SimShop shop)
    {
        var warehouse = shop.Warehouses.First(w => w.IsDefault).Id;
        SetProducts(shop.Id,
        [
            new SimProductInput(null, "Ceramic mug", [new SimSkuInput(null, "MUG-WHITE", 9.99m, [new(warehouse, 100)]), new SimSkuInput(null, "MUG-BLACK", 10.50m, [new(warehouse, 100)])]),
            new SimProductInput(null, "Tea towel", [new SimSkuInput(null, "TOWEL-1", 0.10m, [new(warehouse, 100)])]),
            new SimProductInput(null, "Teapot", [new SimSkuInput(null, "POT-L", 19.99m, [new(warehouse, 100)])]),
        ]);
    }
}

public sealed record SimProductInput(string? Id, string Title, IReadOnlyList<SimSkuInput> Skus, string? Status = null);

public sealed record SimSkuInput(string? Id, string SellerSku, decimal Price, IReadOnlyList<SimStockInput>? Inventory = null);

public sealed record SimStockInput(string WarehouseId, int Quantity);

public sealed record InventoryUpdateBody(List<InventorySku>? Skus);

public sealed record InventorySku(string Id, List<SimStockInput>? Inventory);

public sealed record ShipBody(string? TrackingNumber, string? ShippingProviderId, List<string>? OrderLineItemIds);
