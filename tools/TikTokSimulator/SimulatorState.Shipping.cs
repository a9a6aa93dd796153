using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace TikTokSimulator;

/// <summary>A package of TikTok Shipping: made by TikTok at payment (UK/EU) or by create-packages (US).</summary>
public sealed class SimPackage
{
    public required string Id { get; init; }
    public List<string> OrderIds { get; } = [];
    public List<string> LineItemIds { get; } = [];

    /// <summary>TO_FULFILL (waiting to be arranged), PROCESSING (label bought / arranged), FULFILLING (collected), COMPLETED, CANCELLED.</summary>
    public string Status { get; set; } = SimulatorState.ToFulfill;
    public string SplitAndCombineTag { get; set; } = "DEFAULT";
    public string? ShippingServiceId { get; set; }
    public string? ShippingServiceName { get; set; }
    public string? ProviderId { get; set; }
    public string? ProviderName { get; set; }
    public string? TrackingNumber { get; set; }
    public decimal? WeightValue { get; set; }
    public string? WeightUnit { get; set; }
    public SimDimension? Dimension { get; set; }
    public string? HandoverMethod { get; set; }
    public long? PickupStart { get; set; }
    public long? PickupEnd { get; set; }
    public long CreateTime { get; init; }
    public long UpdateTime { get; set; }
}

/// <summary>TikTok sends sizes and weights as decimal strings.</summary>
public sealed record SimDimension(
    [property: System.Text.Json.Serialization.JsonConverter(typeof(DecimalStringConverter))] decimal Length,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(DecimalStringConverter))] decimal Width,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(DecimalStringConverter))] decimal Height,
    string Unit);

/// <summary>A shipping service TikTok sells labels for, priced by weight.</summary>
public sealed record SimShippingService(
    string Id, string Name, string ProviderId, string ProviderName, decimal BasePrice, decimal PricePerPound, int EarliestDays, int LatestDays, bool IsDefault,
    decimal MaxPounds, bool CanDropOff, string TrackingPrefix);

/// <summary>A shipping document handed out by URL (valid 24 hours, as TikTok's).</summary>
public sealed record SimDocument(string Token, string ShopId, string PackageId, string DocumentType, string Size, DateTimeOffset ExpiresAt);

/// <summary>
/// TikTok Shipping: shipping services by region, packages (TikTok's at payment outside the US, create-packages in the US),
/// handover slots, ship-package, shipping documents (a real small PDF behind a 24-hour URL), package detail, split and
/// combine, and the carrier collecting or TikTok cancelling a package. Error codes and messages are TikTok's. Webhooks 1
/// (order status), 3 (address) and 4 (package) go to each app's webhook URL (<see cref="SetWebhookUrl"/>) as they happen.
/// </summary>
public sealed partial class SimulatorState
{
    public const string ToFulfill = "TO_FULFILL";
    public const string Processing = "PROCESSING";
    public const string Fulfilling = "FULFILLING";
    public const string PackageCompleted = "COMPLETED";
    public const string PackageCancelled = "CANCELLED";

    private static readonly SimShippingService[] UsServices =
    [
        new("7208502187360519942", "USPS Ground Advantage", "7117858858072016686", "USPS", 4.35m, 0.85m, 2, 5, false, 70m, true, "9400111"),
        new("7208502187360519943", "UPS Ground", "7117859087399634731", "UPS", 6.90m, 0.60m, 1, 5, true, 150m, true, "1Z999AA1"),
        new("7208502187360519944", "FedEx 2Day", "7117859261542041386", "FedEx", 12.50m, 1.10m, 2, 2, false, 150m, false, "7712"),
    ];

    private static readonly SimShippingService[] EuropeServices =
    [
        new("7208502187360520001", "Evri Standard", "7117860012340001111", "EVRi", 2.69m, 0.30m, 2, 4, true, 33m, true, "H00AAA"),
        new("7208502187360520002", "DPD Next Day", "7117860012340002222", "DPD", 4.99m, 0.40m, 1, 1, false, 66m, false, "15501"),
    ];

    private readonly ConditionalWeakTable<SimShop, ShopShipping> shipping = new();
    private readonly Dictionary<string, SimDocument> documents = new(StringComparer.Ordinal);

    private sealed class ShopShipping
    {
        public Dictionary<string, SimPackage> Packages { get; } = new(StringComparer.Ordinal);

        /// <summary>Pre-generated combinable package id per group of order ids (stable while the group is).</summary>
        public Dictionary<string, string> CombinableIds { get; } = new(StringComparer.Ordinal);

        /// <summary>Shipping document calls still to answer "being generated" (11034037).</summary>
        public int DocumentsNotReady { get; set; }
    }

    private ShopShipping ShippingOf(SimShop shop) => shipping.GetValue(shop, _ => new ShopShipping());

    /// <summary>The services TikTok sells labels for in the shop's region.</summary>
    public static IReadOnlyList<SimShippingService> ShippingServices(string region) => region == "US" ? UsServices : EuropeServices;

    // ---------- control operations (tests and /_sim/) ----------

    /// <summary>
    /// Makes an order a TikTok Shipping one (shipping_type TIKTOK). Outside the US TikTok makes its package at payment
    /// (TO_FULFILL, every unit); in the US the package comes with the label (create-packages).
    /// </summary>
    public SimOrder UseTikTokShipping(string shopId, string orderId)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var order = Order(shop, orderId);
            PrepareTikTokShippingLocked(shop, order);
            Touch(order);
            return order;
        }
    }

    /// <summary>The same, for an order being made (no update_time change): for order generation with shipping_type TIKTOK.</summary>
    internal void PrepareTikTokShippingLocked(SimShop shop, SimOrder order)
    {
        order.ShippingType = "TIKTOK";
        var service = ShippingServices(shop.Region).First(s => s.IsDefault);
        order.DeliveryOptionId ??= shop.Warehouses.First(w => w.IsDefault).DeliveryOptions.FirstOrDefault()?.Id;
        order.DeliveryOptionName ??= "Standard shipping";
        if (shop.Region != "US" && order.Status is "AWAITING_SHIPMENT" or "ON_HOLD" && order.LineItems.All(l => l.PackageId is null))
        {
            var package = NewPackageLocked(shop, [order], order.LineItems.Select(l => l.Id));
            package.ShippingServiceId = service.Id;
            package.ShippingServiceName = service.Name;
        }
    }

    /// <summary>Sets an order's deadlines (Unix seconds; null leaves one as it is).</summary>
    public SimOrder SetDeadlines(string shopId, string orderId, long? rtsSlaTime, long? ttsSlaTime = null, long? shippingDueTime = null, long? collectionDueTime = null)
    {
        lock (gate)
        {
            var order = Order(Shop(shopId), orderId);
            if (rtsSlaTime is not null)
            {
                order.RtsSlaTime = rtsSlaTime;
            }

            if (ttsSlaTime is not null)
            {
                order.TtsSlaTime = ttsSlaTime;
            }

            if (shippingDueTime is not null)
            {
                order.ShippingDueTime = shippingDueTime;
            }

            if (collectionDueTime is not null)
            {
                order.CollectionDueTime = collectionDueTime;
            }

            Touch(order);
            return order;
        }
    }

    /// <summary>The buyer changes the delivery address (TikTok then sends webhook type 3).</summary>
    public SimOrder ChangeRecipientAddress(string shopId, string orderId, string addressLine1, string postalCode, string? city = null, string? name = null)
    {
        lock (gate)
        {
            var order = Order(Shop(shopId), orderId);
            var recipient = order.RecipientAddress;
            recipient.AddressLine1 = addressLine1;
            recipient.PostalCode = postalCode;
            if (name is not null)
            {
                recipient.Name = name;
            }

            var town = city ?? recipient.DistrictInfo.FirstOrDefault(d => d.AddressLevel == "L3")?.AddressName ?? "";
            if (city is not null)
            {
                recipient.DistrictInfo = recipient.DistrictInfo.Where(d => d.AddressLevel != "L3").Append(new SimDistrict("City", city, "L3")).ToList();
            }

            recipient.FullAddress = string.Join(", ", new[] { addressLine1, town, postalCode }.Where(x => x.Length > 0));
            order.HasUpdatedRecipientAddress = true;
            Touch(order);
            Notify(Shop(shopId), 3, new { order_id = order.Id, update_time = order.UpdateTime });
            return order;
        }
    }

    /// <summary>The shop's TikTok Shipping packages.</summary>
    public IReadOnlyList<SimPackage> Packages(string shopId)
    {
        lock (gate)
        {
            return ShippingOf(Shop(shopId)).Packages.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        }
    }

    public SimPackage Package(string shopId, string packageId)
    {
        lock (gate)
        {
            return PackageLocked(Shop(shopId), packageId);
        }
    }

    /// <summary>The carrier collects a package: FULFILLING; the order is IN_TRANSIT once every unit is collected.</summary>
    public SimPackage CollectPackage(string shopId, string packageId)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var package = PackageLocked(shop, packageId);
            if (package.Status != Processing)
            {
                throw SimException.BadRequest($"package {packageId} is {package.Status}; only PROCESSING packages are collected");
            }

            package.Status = Fulfilling;
            package.UpdateTime = UnixNow;
            foreach (var order in OrdersOf(shop, package))
            {
                foreach (var line in order.LineItems.Where(l => l.PackageId == package.Id))
                {
                    line.PackageStatus = Fulfilling;
                    line.DisplayStatus = "IN_TRANSIT";
                }

                SettleOrderStatus(order);
                Touch(order);
                NotifyOrder(shop, order);
            }

            return package;
        }
    }

    /// <summary>
    /// TikTok cancels a package (its label is void): its units are free again, outside the US in a new package of
    /// TikTok's. Answers the new package, if any.
    /// </summary>
    public SimPackage? CancelPackage(string shopId, string packageId, string scType = "CANCEL_FULFILL_SPLIT", string roleType = "ROLE_OPERATOR")
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var package = PackageLocked(shop, packageId);
            if (package.Status is Fulfilling or PackageCompleted or PackageCancelled)
            {
                throw SimException.BadRequest($"package {packageId} is {package.Status} and cannot be cancelled");
            }

            package.Status = PackageCancelled;
            package.UpdateTime = UnixNow;
            SimPackage? replacement = null;
            foreach (var order in OrdersOf(shop, package))
            {
                var lines = order.LineItems.Where(l => l.PackageId == package.Id).ToList();
                order.Packages.RemoveAll(p => p.Id == package.Id);
                foreach (var line in lines)
                {
                    line.PackageId = null;
                    line.PackageStatus = null;
                    line.TrackingNumber = null;
                    line.ShippingProviderId = null;
                    line.ShippingProviderName = null;
                    line.DisplayStatus = "AWAITING_SHIPMENT";
                }

                if (shop.Region != "US" && lines.Count > 0)
                {
                    replacement = NewPackageLocked(shop, [order], lines.Select(l => l.Id));
                }

                SettleOrderStatus(order);
                Touch(order);
                NotifyOrder(shop, order);
            }

            NotifyPackages(shop, scType, roleType, [package]);
            return replacement;
        }
    }

    /// <summary>The next <paramref name="count"/> shipping document calls of the shop answer 11034037 (still being generated).</summary>
    public void DocumentsNotReady(string shopId, int count)
    {
        lock (gate)
        {
            ShippingOf(Shop(shopId)).DocumentsNotReady = count;
        }
    }

    /// <summary>The data of webhook type 4 for these packages, as TikTok sends it.</summary>
    public object PackageUpdateData(string shopId, string scType, string roleType, IReadOnlyList<string> packageIds)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            return new
            {
                sc_type = scType,
                role_type = roleType,
                package_list = packageIds.Select(id => new { package_id = id, order_id_list = PackageLocked(shop, id).OrderIds.ToList() }).ToList(),
                update_time = UnixNow,
            };
        }
    }

    /// <summary>The data of webhook type 3 for an order, as TikTok sends it.</summary>
    public object AddressUpdateData(string shopId, string orderId)
    {
        lock (gate)
        {
            var order = Order(Shop(shopId), orderId);
            return new { order_id = order.Id, update_time = order.UpdateTime };
        }
    }

    /// <summary>GET /_sim/documents/{token}: the PDF, or null when the URL is unknown or older than 24 hours.</summary>
    public byte[]? Document(string token)
    {
        lock (gate)
        {
            if (!documents.TryGetValue(token, out var document) || document.ExpiresAt <= Now)
            {
                return null;
            }

            var shop = Shop(document.ShopId);
            var package = PackageLocked(shop, document.PackageId);
            var orders = OrdersOf(shop, package).ToList();
            var lines = new List<string>();
            string title;
            if (document.DocumentType == "PACKING_SLIP")
            {
                title = "Packing slip";
                lines.Add($"Package {package.Id}");
                lines.AddRange(orders.Select(o => $"Order {o.Id}"));
                lines.AddRange(orders.SelectMany(o => o.LineItems).Where(l => package.LineItemIds.Contains(l.Id))
                    .GroupBy(l => l.SellerSku).Select(g => $"{g.Count()} x {g.Key} {g.First().ProductName}"));
            }
            else
            {
                title = $"{package.ProviderName} - TikTok Shipping";
                var recipient = orders.FirstOrDefault()?.RecipientAddress;
                lines.Add($"Service: {package.ShippingServiceName}");
                lines.Add($"Tracking: {package.TrackingNumber}");
                lines.Add($"Package: {package.Id}");
                lines.Add($"Orders: {string.Join(", ", orders.Select(o => o.Id))}");
                if (recipient is not null)
                {
                    lines.Add("Ship to:");
                    lines.Add(recipient.Name);
                    lines.Add(recipient.AddressLine1);
                    lines.Add($"{recipient.PostalCode} {recipient.RegionCode}");
                }

                if (package.WeightValue is { } weight)
                {
                    lines.Add($"Weight: {weight.ToString(CultureInfo.InvariantCulture)} {package.WeightUnit}");
                }
            }

            return SimPdf.Create(title, lines, document.Size);
        }
    }

    // ---------- Open API operations (inside the lock, from OpenApiEndpoints.Shipping) ----------

    internal object QueryShippingServices(SimShop shop, string orderId, ShippingServiceQuery body)
    {
        var order = Order(shop, orderId);
        RequireTikTokShipping(order);
        var lines = FreeLines(order, body.OrderLineItemIds);
        var pounds = Pounds(body.Weight);
        var services = EligibleServices(shop, pounds, body.Dimension);
        if (services.Count == 0)
        {
            throw new SimException(400, 21011037,
                "There are no available shipping services for this request. Please modify the package weight, or double check the recipient address. If after multiple retries you continue to experience this error, please contact the platform for assistance.");
        }

        return new
        {
            order_id = order.Id,
            order_line_id = lines.Select(l => l.Id).ToList(),
            weight = body.Weight,
            dimension = body.Dimension,
            shipping_services = services.Select(s => ServiceView(shop, s, pounds, withDefault: true)).ToList(),
        };
    }

    internal object CreatePackage(SimShop shop, CreatePackageBody body)
    {
        if (string.IsNullOrEmpty(body.OrderId))
        {
            throw new SimException(400, 21001001, "Invalid parameters. Please ensure you are passing the correct request parameter(s). order_id is required.");
        }

        if (shop.Region != "US")
        {
            throw new SimException(400, 21008106, "This interface cannot be used in this region.");
        }

        var order = Order(shop, body.OrderId);
        RequireTikTokShipping(order);
        var lines = FreeLines(order, body.OrderLineItemIds);
        var pounds = Pounds(body.Weight);
        var eligible = EligibleServices(shop, pounds, body.Dimension);
        var service = string.IsNullOrEmpty(body.ShippingServiceId) ? eligible.FirstOrDefault(s => s.IsDefault) ?? eligible.FirstOrDefault() : eligible.FirstOrDefault(s => s.Id == body.ShippingServiceId);
        if (service is null)
        {
            throw new SimException(400, 21004008, "create label shipping service not found");
        }

        var package = NewPackageLocked(shop, [order], lines.Select(l => l.Id));
        package.WeightValue = body.Weight?.Value;
        package.WeightUnit = body.Weight?.Unit;
        package.Dimension = body.Dimension;
        Arrange(shop, package, service, handover: null, slot: null);
        return new
        {
            order_id = order.Id,
            order_line_item_ids = package.LineItemIds.ToList(),
            dimension = body.Dimension,
            shipping_service_info = ServiceView(shop, service, pounds, withDefault: false),
            package_id = package.Id,
            weight = body.Weight,
            create_time = package.CreateTime,
        };
    }

    internal object HandoverTimeSlots(SimShop shop, string packageId)
    {
        var package = PackageLocked(shop, packageId);
        var service = ServiceOf(shop, package);
        var day = DateTimeOffset.FromUnixTimeSeconds(UnixNow).UtcDateTime.Date;
        var slots = new List<object>();
        for (var d = 1; d <= 3; d++)
        {
            foreach (var (from, to) in new[] { (9, 12), (13, 17) })
            {
                var start = new DateTimeOffset(day.AddDays(d).AddHours(from), TimeSpan.Zero).ToUnixTimeSeconds();
                var end = new DateTimeOffset(day.AddDays(d).AddHours(to), TimeSpan.Zero).ToUnixTimeSeconds();
                slots.Add(new { start_time = start, end_time = end, avaliable = !(d == 1 && from == 9) });
            }
        }

        return new
        {
            can_pickup = true,
            can_drop_off = service.CanDropOff,
            can_van_collection = shop.Region == "GB",
            drop_off_point_url = $"https://shop.tiktok.com/logistics/drop-off-points?package_id={package.Id}",
            pickup_slots = slots,
        };
    }

    internal void ShipPackage(SimShop shop, string packageId, ShipPackageBody body)
    {
        var package = PackageLocked(shop, packageId);
        if (package.Status == PackageCancelled)
        {
            throw new SimException(400, 21023059, "Package has already been cancelled.");
        }

        if (package.Status != ToFulfill)
        {
            throw new SimException(400, 21011040, "Package has already been shipped.");
        }

        foreach (var order in OrdersOf(shop, package))
        {
            if (order.Status == "CANCELLED")
            {
                throw new SimException(400, 21011041, "Cannot complete the operation when order is cancelled. ");
            }

            RequireTikTokShipping(order);
        }

        var service = ServiceOf(shop, package);
        switch (body.HandoverMethod)
        {
            case "DROP_OFF" when !service.CanDropOff:
                throw new SimException(400, 11001002, $"invalid param. {service.ProviderName} does not take drop-offs: use PICKUP.");
            case "DROP_OFF":
                Arrange(shop, package, service, "DROP_OFF", null);
                break;
            case "PICKUP":
                var day = DateTimeOffset.FromUnixTimeSeconds(UnixNow).UtcDateTime.Date;
                var valid = body.PickupSlot is { } slot && Enumerable.Range(1, 3).SelectMany(d => new[] { (d, 9, 12), (d, 13, 17) })
                    .Where(s => !(s.Item1 == 1 && s.Item2 == 9))
                    .Any(s => new DateTimeOffset(day.AddDays(s.Item1).AddHours(s.Item2), TimeSpan.Zero).ToUnixTimeSeconds() == slot.StartTime
                              && new DateTimeOffset(day.AddDays(s.Item1).AddHours(s.Item3), TimeSpan.Zero).ToUnixTimeSeconds() == slot.EndTime);
                if (!valid)
                {
                    throw new SimException(400, 21011053, "Fail to ship package because the shipment time is outside of the pick-up time slot.");
                }

                Arrange(shop, package, service, "PICKUP", body.PickupSlot);
                break;
            default:
                throw new SimException(400, 11001002, "invalid param. handover_method is PICKUP or DROP_OFF for TikTok Shipping packages.");
        }
    }

    internal object ShippingDocument(SimShop shop, string packageId, string? documentType, string? documentSize, string? documentFormat, Uri baseUri)
    {
        if (documentType is not ("SHIPPING_LABEL" or "PACKING_SLIP" or "SHIPPING_LABEL_AND_PACKING_SLIP"))
        {
            throw new SimException(400, Codes.InvalidParameter, "document_type is required: SHIPPING_LABEL, PACKING_SLIP or SHIPPING_LABEL_AND_PACKING_SLIP");
        }

        if (documentSize is not (null or "" or "A6" or "A5") || documentFormat is not (null or "" or "PDF"))
        {
            throw new SimException(400, Codes.InvalidParameter, "document_size is A6 or A5 and document_format PDF (ZPL is for the BR market only)");
        }

        var package = PackageLocked(shop, packageId);
        foreach (var order in OrdersOf(shop, package))
        {
            if (order.ShippingType != "TIKTOK")
            {
                throw new SimException(400, 21008017,
                    "This API is only applicable to TikTok Shipping orders. For seller shipping, please obtain the shipping label offline and upload it to TikTok Shop via API or Seller Center.");
            }
        }

        switch (package.Status)
        {
            case ToFulfill:
                throw new SimException(400, 21023035, "Please arrange shipment before retrieving the shipping document.");
            case PackageCancelled:
                throw new SimException(400, 21023059, "Package has already been cancelled.");
            case Fulfilling or PackageCompleted:
                throw new SimException(400, 21042102, "Documents couldn't be printed after the package has been pickup.");
        }

        var data = ShippingOf(shop);
        if (data.DocumentsNotReady > 0)
        {
            data.DocumentsNotReady--;
            throw new SimException(400, 11034037, "The shipping document is still being generated by the logistics provider, please try again later.");
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        documents[token] = new SimDocument(token, shop.Id, package.Id, documentType == "PACKING_SLIP" ? "PACKING_SLIP" : "SHIPPING_LABEL",
            string.IsNullOrEmpty(documentSize) ? "A6" : documentSize, Now.AddHours(24));
        return new { doc_url = new Uri(baseUri, "_sim/documents/" + token).ToString(), tracking_number = package.TrackingNumber };
    }

    internal object PackageDetail(SimShop shop, string packageId)
    {
        var package = PackageLocked(shop, packageId);
        var orders = OrdersOf(shop, package).ToList();
        var recipient = orders.FirstOrDefault()?.RecipientAddress;
        var warehouse = shop.Warehouses.First(w => w.IsDefault);
        return new
        {
            package_id = package.Id,
            orders = orders.Select(o => new { id = o.Id }).ToList(),
            package_status = package.Status,
            split_and_combine_tag = package.SplitAndCombineTag,
            has_multi_skus = orders.SelectMany(o => o.LineItems).Where(l => package.LineItemIds.Contains(l.Id)).Select(l => l.SkuId).Distinct().Count() > 1,
            note_tag = orders.Any(o => !string.IsNullOrEmpty(o.BuyerMessage)) ? "BUYER_NOTED" : "BUYER_UNNOTED",
            shipping_provider_name = package.ProviderName,
            shipping_provider_id = package.ProviderId,
            shipping_type = "TIKTOK",
            delivery_option_name = orders.FirstOrDefault()?.DeliveryOptionName,
            delivery_option_id = orders.FirstOrDefault()?.DeliveryOptionId,
            tracking_number = package.TrackingNumber,
            pickup_slot = package.PickupStart is { } start ? new { start_time = start, end_time = package.PickupEnd } : null,
            create_time = package.CreateTime,
            handover_method = package.HandoverMethod,
            order_line_item_ids = package.LineItemIds.ToList(),
            recipient_address = recipient is null ? null : new
            {
                full_address = recipient.FullAddress, phone_number = recipient.PhoneNumber, name = recipient.Name, postal_code = recipient.PostalCode,
                region_code = recipient.RegionCode, address_line1 = recipient.AddressLine1, address_line2 = recipient.AddressLine2,
            },
            sender_address = new
            {
                full_address = warehouse.Address.FullAddress, name = warehouse.Name, postal_code = warehouse.Address.PostalCode, region_code = warehouse.Address.RegionCode,
            },
            weight = package.WeightValue is { } weight ? new { value = weight.ToString(CultureInfo.InvariantCulture), unit = package.WeightUnit } : null,
            dimension = package.Dimension is { } d
                ? new
                {
                    length = d.Length.ToString(CultureInfo.InvariantCulture), width = d.Width.ToString(CultureInfo.InvariantCulture),
                    height = d.Height.ToString(CultureInfo.InvariantCulture), unit = d.Unit,
                }
                : null,
            update_time = package.UpdateTime,
        };
    }

    internal object Split(SimShop shop, string orderId, SplitBody body)
    {
        var order = Order(shop, orderId);
        RequireTikTokShipping(order);
        if (body.SplittableGroups is not { Count: > 0 } groups || groups.Any(g => string.IsNullOrEmpty(g.Id) || g.OrderLineItemIds is not { Count: > 0 }))
        {
            throw new SimException(400, 21011005, "Invalid parameters. Please ensure you are passing the correct request parameter(s).");
        }

        var all = groups.SelectMany(g => g.OrderLineItemIds!).ToList();
        if (all.Count != all.Distinct().Count())
        {
            throw new SimException(400, 21011005, "Invalid parameters. A line item is in two groups.");
        }

        var lines = all.Select(id => order.LineItems.FirstOrDefault(l => l.Id == id) ?? throw new SimException(400, 21011005, $"Invalid parameters. Line item {id} is not in order {orderId}.")).ToList();
        if (lines.Any(l => l.PackageId is null || l.PackageStatus != ToFulfill))
        {
            throw new SimException(400, 21011035, "split order not allowed");
        }

        var sources = lines.Select(l => l.PackageId!).Distinct().Select(id => PackageLocked(shop, id)).ToList();
        if (sources.Any(p => p.OrderIds.Count > 1) || sources.Any(p => p.LineItemIds.All(all.Contains)))
        {
            throw new SimException(400, 21011035, "split order not allowed");
        }

        var created = new List<object>();
        foreach (var group in groups)
        {
            foreach (var source in sources)
            {
                source.LineItemIds.RemoveAll(group.OrderLineItemIds!.Contains);
                source.SplitAndCombineTag = "SPLIT";
                source.UpdateTime = UnixNow;
            }

            order.LineItems.Where(l => group.OrderLineItemIds!.Contains(l.Id)).ToList().ForEach(l => l.PackageId = null);
            var package = NewPackageLocked(shop, [order], group.OrderLineItemIds!);
            package.SplitAndCombineTag = "SPLIT";
            package.ShippingServiceId = sources[0].ShippingServiceId;
            package.ShippingServiceName = sources[0].ShippingServiceName;
            created.Add(new { splittable_group_id = group.Id, id = package.Id });
        }

        Touch(order);
        NotifyPackages(shop, "SPLIT", "ROLE_SELLER", sources.Concat(ShippingOf(shop).Packages.Values.Where(p => p.OrderIds.Contains(order.Id) && !sources.Contains(p))).ToList());
        return new { packages = created };
    }

    internal object SearchCombinable(SimShop shop, int pageSize, string? pageToken)
    {
        var groups = CombinableGroups(shop);
        var start = int.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var page = groups.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count < groups.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : "";
        return new
        {
            combinable_packages = page.Select(g => new { id = g.Id, order_ids = g.OrderIds }).ToList(),
            next_page_token = next,
            total_count = groups.Count,
        };
    }

    internal object Combine(SimShop shop, CombineBody body)
    {
        if (body.CombinablePackages is not { Count: > 0 } asked)
        {
            throw new SimException(400, 21011005, "Invalid parameters. combinable_packages is required.");
        }

        var groups = CombinableGroups(shop);
        var combined = new List<object>();
        var errors = new List<object>();
        foreach (var request in asked)
        {
            var group = groups.FirstOrDefault(g => g.Id == request.Id);
            var orderIds = request.OrderIds ?? [];
            if (group is null || orderIds.Count < 2 || orderIds.Any(id => !group.OrderIds.Contains(id)))
            {
                errors.Add(new { code = 10007014, message = "fulfillment not allow combine package", detail = new { package_id = request.Id } });
                continue;
            }

            var orders = orderIds.Select(id => Order(shop, id)).ToList();
            var data = ShippingOf(shop);
            foreach (var old in orders.SelectMany(o => o.LineItems).Select(l => l.PackageId).Distinct().OfType<string>().ToList())
            {
                data.Packages.Remove(old);
                orders.ForEach(o => o.Packages.RemoveAll(p => p.Id == old));
            }

            orders.SelectMany(o => o.LineItems).ToList().ForEach(l => l.PackageId = null);
            var package = NewPackageLocked(shop, orders, orders.SelectMany(o => o.LineItems).Select(l => l.Id));
            package.SplitAndCombineTag = "COMBINE";
            var service = ShippingServices(shop.Region).First(x => x.IsDefault);
            package.ShippingServiceId = service.Id;
            package.ShippingServiceName = service.Name;
            orders.ForEach(Touch);
            NotifyPackages(shop, "COMBINE", "ROLE_SELLER", [package]);
            combined.Add(new { id = package.Id, order_ids = orderIds });
        }

        return new { packages = combined, errors };
    }

    // ---------- helpers ----------

    private sealed record CombinableGroup(string Id, List<string> OrderIds);

    /// <summary>TikTok Shipping orders awaiting shipment, each whole in one package of its own, of the same buyer and address and warehouse.</summary>
    private List<CombinableGroup> CombinableGroups(SimShop shop)
    {
        var data = ShippingOf(shop);
        var candidates = shop.Orders.Values.Where(o =>
            o.ShippingType == "TIKTOK" && o.Status == "AWAITING_SHIPMENT" && o.LineItems.Count > 0
            && o.LineItems.Select(l => l.PackageId).Distinct().Count() == 1 && o.LineItems[0].PackageId is { } id
            && data.Packages.TryGetValue(id, out var p) && p.Status == ToFulfill && p.OrderIds.Count == 1);
        var groups = new List<CombinableGroup>();
        foreach (var group in candidates.GroupBy(o => (o.RecipientAddress.Name, o.RecipientAddress.FullAddress, o.RecipientAddress.PostalCode, o.WarehouseId)).Where(g => g.Count() > 1))
        {
            var orderIds = group.Select(o => o.Id).Order(StringComparer.Ordinal).ToList();
            var key = string.Join(",", orderIds);
            if (!data.CombinableIds.TryGetValue(key, out var combinableId))
            {
                data.CombinableIds[key] = combinableId = "1154" + NextId().ToString("D14", CultureInfo.InvariantCulture);
            }

            groups.Add(new CombinableGroup(combinableId, orderIds));
        }

        return groups.OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
    }

    private SimPackage NewPackageLocked(SimShop shop, IReadOnlyList<SimOrder> orders, IEnumerable<string> lineItemIds)
    {
        var package = new SimPackage { Id = "1153" + NextId().ToString("D14", CultureInfo.InvariantCulture), CreateTime = UnixNow, UpdateTime = UnixNow };
        package.LineItemIds.AddRange(lineItemIds);
        foreach (var order in orders)
        {
            package.OrderIds.Add(order.Id);
            foreach (var line in order.LineItems.Where(l => package.LineItemIds.Contains(l.Id)))
            {
                line.PackageId = package.Id;
                line.PackageStatus = ToFulfill;
            }

            order.Packages.RemoveAll(p => order.LineItems.All(l => l.PackageId != p.Id));
            order.Packages.Add(new SimPackageRef(package.Id));
        }

        ShippingOf(shop).Packages[package.Id] = package;
        return package;
    }

    /// <summary>The label is bought / the handover arranged: carrier and tracking on the package and its units.</summary>
    private void Arrange(SimShop shop, SimPackage package, SimShippingService service, string? handover, SimSlot? slot)
    {
        package.Status = Processing;
        package.ShippingServiceId = service.Id;
        package.ShippingServiceName = service.Name;
        package.ProviderId = service.ProviderId;
        package.ProviderName = service.ProviderName;
        package.TrackingNumber = service.TrackingPrefix + NextId().ToString("D12", CultureInfo.InvariantCulture);
        package.HandoverMethod = handover;
        package.PickupStart = slot?.StartTime;
        package.PickupEnd = slot?.EndTime;
        package.UpdateTime = UnixNow;
        foreach (var order in OrdersOf(shop, package))
        {
            foreach (var line in order.LineItems.Where(l => l.PackageId == package.Id))
            {
                line.PackageStatus = Processing;
                line.TrackingNumber = package.TrackingNumber;
                line.ShippingProviderId = service.ProviderId;
                line.ShippingProviderName = service.ProviderName;
                line.DisplayStatus = "AWAITING_COLLECTION";
            }

            order.TrackingNumber = package.TrackingNumber;
            order.ShippingProvider = service.ProviderName;
            order.ShippingProviderId = service.ProviderId;
            SettleOrderStatus(order);
            Touch(order);
            NotifyOrder(shop, order);
        }
    }

    /// <summary>Webhook 4 to the apps with a webhook URL (the channel of SimulatorState.Webhooks.cs), as TikTok sends it.</summary>
    private void NotifyPackages(SimShop shop, string scType, string roleType, IReadOnlyList<SimPackage> packages) =>
        Notify(shop, 4, new
        {
            sc_type = scType,
            role_type = roleType,
            package_list = packages.Select(p => new { package_id = p.Id, order_id_list = p.OrderIds.ToList() }).ToList(),
            update_time = UnixNow,
        });

    /// <summary>
    /// The order's status from its units: every unit collected, IN_TRANSIT; every unit arranged, AWAITING_COLLECTION; some,
    /// PARTIALLY_SHIPPING; none, AWAITING_SHIPMENT.
    /// </summary>
    private static void SettleOrderStatus(SimOrder order)
    {
        if (order.Status is "CANCELLED" or "COMPLETED" or "DELIVERED" or "UNPAID" or "ON_HOLD")
        {
            return;
        }

        var live = order.LineItems.Where(l => l.DisplayStatus != "CANCELLED").ToList();
        var arranged = live.Count(l => l.PackageStatus is Processing or Fulfilling or PackageCompleted);
        var collected = live.Count(l => l.PackageStatus is Fulfilling or PackageCompleted);
        order.Status = collected == live.Count && live.Count > 0 ? "IN_TRANSIT"
            : arranged == live.Count && live.Count > 0 ? "AWAITING_COLLECTION"
            : arranged > 0 ? "PARTIALLY_SHIPPING"
            : "AWAITING_SHIPMENT";
    }

    private SimPackage PackageLocked(SimShop shop, string packageId) =>
        ShippingOf(shop).Packages.TryGetValue(packageId, out var package)
            ? package
            : throw new SimException(400, 21011028, "The package does not belong to the current shop. Please ensure you are providing the correct package ID(s) and/or shop cipher.");

    private static IEnumerable<SimOrder> OrdersOf(SimShop shop, SimPackage package) =>
        package.OrderIds.Where(shop.Orders.ContainsKey).Select(id => shop.Orders[id]);

    private SimShippingService ServiceOf(SimShop shop, SimPackage package)
    {
        var services = ShippingServices(shop.Region);
        return services.FirstOrDefault(s => s.Id == package.ShippingServiceId) ?? services.First(s => s.IsDefault);
    }

    private static void RequireTikTokShipping(SimOrder order)
    {
        if (order.ShippingType != "TIKTOK")
        {
            throw new SimException(400, 21008017,
                "This API is only applicable to TikTok Shipping orders. For seller shipping, please obtain the shipping label offline and upload it to TikTok Shop via API or Seller Center.");
        }

        if (order.Status == "CANCELLED")
        {
            throw new SimException(400, 21011041, "Cannot complete the operation when order is cancelled. ");
        }
    }

    /// <summary>The asked line items (all without a package when none are named); each must be the order's, not cancelled and not shipped.</summary>
    private static List<SimLineItem> FreeLines(SimOrder order, List<string>? lineItemIds)
    {
        if (order.Status is not ("AWAITING_SHIPMENT" or "PARTIALLY_SHIPPING" or "AWAITING_COLLECTION"))
        {
            throw new SimException(400, 21011006, "These orders are already shipped.");
        }

        var free = order.LineItems.Where(l => l.DisplayStatus != "CANCELLED" && (l.PackageId is null || l.PackageStatus == ToFulfill)).ToList();
        if (lineItemIds is not { Count: > 0 })
        {
            if (free.Select(l => l.PackageId).Distinct().Count() > 1)
            {
                throw new SimException(400, 21011048, "There are multiple packages that can be shipped, please specify the order line that needs to be shipped.");
            }

            return free.Count > 0 ? free : throw new SimException(400, 21011006, "These orders are already shipped.");
        }

        return lineItemIds.Select(id => order.LineItems.FirstOrDefault(l => l.Id == id) is { } line
            ? free.Contains(line) ? line : throw new SimException(400, 21011020, "These orders are already shipped.")
            : throw new SimException(400, 21011029, "order does not belong to fulfill unit")).ToList();
    }

    private static decimal Pounds(SimWeight? weight) => weight switch
    {
        { Unit: "POUND" } w => w.Value,
        { Unit: "GRAM" } w => w.Value / 453.59237m,
        null => 1m,
        _ => throw new SimException(400, 21001001, "Invalid parameters. Please ensure you are passing the correct request parameter(s). weight.unit is GRAM or POUND."),
    };

    private static List<SimShippingService> EligibleServices(SimShop shop, decimal pounds, SimDimension? dimension)
    {
        var longest = dimension is null ? 0m : Math.Max(dimension.Length, Math.Max(dimension.Width, dimension.Height)) * (dimension.Unit == "CM" ? 1m / 2.54m : 1m);
        return pounds <= 0 || longest > 108m ? [] : ShippingServices(shop.Region).Where(s => pounds <= s.MaxPounds).ToList();
    }

    private static object ServiceView(SimShop shop, SimShippingService s, decimal pounds, bool withDefault)
    {
        var price = (s.BasePrice + (s.PricePerPound * Math.Ceiling(Math.Max(pounds, 0.01m)))).ToString("0.00", CultureInfo.InvariantCulture);
        var currency = shop.Region == "US" ? "USD" : shop.Currency;
        return withDefault
            ? new
            {
                id = s.Id, name = s.Name, price, currency, earliest_delivery_days = s.EarliestDays, latest_delivery_days = s.LatestDays, is_default = s.IsDefault,
                shipping_provider_name = s.ProviderName, shipping_provider_id = s.ProviderId,
            }
            : new
            {
                id = s.Id, name = s.Name, price, currency, earliest_delivery_days = s.EarliestDays, latest_delivery_days = s.LatestDays,
                shipping_provider_name = s.ProviderName, shipping_provider_id = s.ProviderId,
            };
    }
}

public sealed record SimWeight([property: System.Text.Json.Serialization.JsonConverter(typeof(DecimalStringConverter))] decimal Value, string? Unit);

public sealed record SimSlot(long StartTime, long EndTime);

public sealed record ShippingServiceQuery(List<string>? OrderLineItemIds, SimWeight? Weight, SimDimension? Dimension);

public sealed record CreatePackageBody(string? OrderId, List<string>? OrderLineItemIds, SimDimension? Dimension, string? ShippingServiceId, SimWeight? Weight);

public sealed record ShipPackageBody(string? HandoverMethod, SimSlot? PickupSlot);

public sealed record SplitBody(List<SplitGroup>? SplittableGroups);

public sealed record SplitGroup(string? Id, List<string>? OrderLineItemIds);

public sealed record CombineBody(List<CombineRequest>? CombinablePackages);

public sealed record CombineRequest(string? Id, List<string>? OrderIds);
