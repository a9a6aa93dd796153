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
    public IReadOnlyList<SimOrder> GenerateOrders(string shopId, int count, int seed, DateTimeOffset? from = null, DateTimeOffset? to = null, string? status = null)
    {
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
                    RecipientAddress = FakeRecipient(random),
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

    internal void UpdateInventory(SimShop shop, string productId, InventoryUpdateBody body, string requestId)
    {
        var product = Product(shop, productId);
        if (body.Skus is not { Count: > 0 })
        {
            throw SimException.BadRequest("skus is required");
        }

        // Validate everything before changing anything, as one request succeeds or fails as a whole.
        foreach (var sku in body.Skus)
        {
            var stored = product.Skus.FirstOrDefault(s => s.Id == sku.Id) ?? throw SimException.BadRequest($"sku {sku.Id} does not belong to product {productId}");
            if (sku.Inventory is not { Count: > 0 })
            {
                throw SimException.BadRequest($"sku {stored.Id}: inventory is required");
            }

            foreach (var line in sku.Inventory)
            {
                var warehouse = RequireWarehouse(shop, line.WarehouseId);
                if (warehouse.Type != "SALES_WAREHOUSE")
                {
                    throw SimException.BadRequest($"warehouse {line.WarehouseId} is not a sales warehouse");
                }

                if (line.Quantity is < 0 or > 999_999)
                {
                    throw SimException.BadRequest($"quantity {line.Quantity} is out of range");
                }
            }
        }

        foreach (var sku in body.Skus)
        {
            var stored = product.Skus.First(s => s.Id == sku.Id);
            foreach (var line in sku.Inventory!)
            {
                var stock = stored.Inventory.FirstOrDefault(i => i.WarehouseId == line.WarehouseId);
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

        product.UpdateTime = Math.Max(UnixNow, product.UpdateTime + 1);
    }

    internal object MarkShipped(SimShop shop, string orderId, ShipBody body)
    {
        var order = Order(shop, orderId);
        if (order.Status is not ("AWAITING_SHIPMENT" or "PARTIALLY_SHIPPING"))
        {
            throw SimException.BadRequest($"an order in status {order.Status} cannot be shipped");
        }

        if (order.ShippingType != "SELLER")
        {
            throw SimException.BadRequest("TikTok ships this order");
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
        return new { package_id = packageId, order_id = order.Id, order_line_item_ids = lineIds };
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

    private static SimRecipient FakeRecipient(Random random)
    {
        var name = FirstNames[random.Next(FirstNames.Length)] + " Buyer";
        var line1 = $"{random.Next(1, 200)} {Streets[random.Next(Streets.Length)]}";
        return new SimRecipient
        {
            Name = name, PhoneNumber = "(+44)7700900" + random.Next(100, 999).ToString(CultureInfo.InvariantCulture),
            AddressLine1 = line1, AddressLine2 = "", PostalCode = "SW1A 1AA", RegionCode = "GB",
            FullAddress = new StringBuilder(line1).Append(", London, SW1A 1AA").ToString(),
            DistrictInfo = [new SimDistrict("Country", "United Kingdom", "L0"), new SimDistrict("City", "London", "L3")],
        };
    }
}

public sealed record SimProductInput(string? Id, string Title, IReadOnlyList<SimSkuInput> Skus, string? Status = null);

public sealed record SimSkuInput(string? Id, string SellerSku, decimal Price, IReadOnlyList<SimStockInput>? Inventory = null);

public sealed record SimStockInput(string WarehouseId, int Quantity);

public sealed record InventoryUpdateBody(List<InventorySku>? Skus);

public sealed record InventorySku(string Id, List<SimStockInput>? Inventory);

public sealed record ShipBody(string? TrackingNumber, string? ShippingProviderId, List<string>? OrderLineItemIds);
