using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.Fulfilment;

/// <summary>
/// Pushes one accepted shipment to TikTok: re-reads the order on TikTok (a cancellation since the request is caught),
/// resolves the shipping provider, picks the unshipped per-unit line item ids, creates the package (or updates the
/// tracking), and records the outcome on the shipment and the stored order. Only Accepted shipments are pushed, so a
/// repeated message never calls TikTok twice. Transient TikTok errors are rethrown for the host's retry and poison
/// queue; anything a retry cannot fix fails the shipment with a clear reason and a support case.
/// </summary>
public sealed partial class ShipmentWorker(
    ShipmentStore shipments,
    ShopRepository shops,
    OrderStore orders,
    ITikTokShopClient tiktok,
    SupportCaseStore cases,
    TimeProvider time,
    ILogger<ShipmentWorker> logger)
{

    private static readonly HashSet<string> ShippableStatuses = [TikTokOrderStatus.AwaitingShipment, TikTokOrderStatus.PartiallyShipping];

    public async Task HandleAsync(ShipmentMessage message, CancellationToken cancellationToken)
    {
        var read = await shipments.GetAsync(message.MerchantId, message.ShipmentId, cancellationToken);
        if (read is null)
        {
            ShipmentMissing(logger, message.ShipmentId, message.MerchantId);
            return;
        }

        var shipment = read.Shipment;
        if (shipment.Status != ShipmentStatus.Accepted)
        {
            AlreadyDone(logger, shipment.ShipmentId, shipment.Status);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ShipmentId"] = shipment.ShipmentId, ["ShopId"] = shipment.ShopId, ["OrderId"] = shipment.OrderId });
        var shop = await shops.GetAsync(shipment.ShopId, cancellationToken);
        if (shop is null || shop.MerchantId != shipment.MerchantId)
        {
            await FailAsync(read, $"Shop {shipment.ShopId} is no longer connected to merchant {shipment.MerchantId}.", null, cancellationToken);
            return;
        }

        // Claim before TikTok is called. A lost race is decided again on the fresh row: the POST marking it queued changes
        // nothing that matters (claim again); a duplicate message that claimed it first (attempts moved) or finished it wins.
        var claimed = await OptimisticConcurrency.RetryAsync<VersionedShipment?>(async attempt =>
        {
            if (attempt > 1)
            {
                var fresh = await shipments.GetAsync(message.MerchantId, message.ShipmentId, cancellationToken);
                if (fresh is null || fresh.Shipment.Status != ShipmentStatus.Accepted || fresh.Shipment.Attempts != shipment.Attempts)
                {
                    return null;
                }

                read = fresh;
            }

            return await shipments.UpdateAsync(read, read.Shipment with { Attempts = read.Shipment.Attempts + 1, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        });
        if (claimed is null)
        {
            ClaimedElsewhere(logger, shipment.ShipmentId, shipment.MerchantId);
            return;
        }

        read = claimed;
        var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
        try
        {
            await PushAsync(read, shop, reference, cancellationToken);
        }
        catch (TikTokException e) when (!e.IsRetryable)
        {
            await FailAsync(await FreshAsync(read, cancellationToken), $"TikTok refused the shipment: {e.Message}", e, cancellationToken);
        }
    }

    private async Task PushAsync(VersionedShipment read, ShopRecord shop, TikTokShopRef reference, CancellationToken cancellationToken)
    {
        var shipment = read.Shipment;
        var order = (await tiktok.GetOrdersAsync(reference, [shipment.OrderId], cancellationToken)).FirstOrDefault(o => o.Id == shipment.OrderId);
        if (order is null)
        {
            await FailAsync(read, $"TikTok does not know order {shipment.OrderId} of shop {shop.ShopId}.", null, cancellationToken);
            return;
        }

        if (order.Status == TikTokOrderStatus.Cancelled)
        {
            var reason = string.IsNullOrEmpty(order.CancelReason) ? "" : $" ({order.CancelReason})";
            await FailAsync(read, $"Order {order.Id} was cancelled on TikTok{reason} after the shipment was sent: nothing was pushed. Stop the parcel if you still can.",
                null, cancellationToken);
            return;
        }

        if (string.Equals(order.FulfillmentType, OrderRules.PlatformFulfillmentType, StringComparison.OrdinalIgnoreCase))
        {
            await FailAsync(read, $"Order {order.Id} is fulfilled by TikTok (fulfillment_type FULFILLMENT_BY_TIKTOK): a seller package cannot be created.", null, cancellationToken);
            return;
        }

        if (string.Equals(order.ShippingType, TikTokShippingType.TikTok, StringComparison.OrdinalIgnoreCase))
        {
            await FailAsync(read, $"Order {order.Id} uses TikTok Shipping (shipping_type TIKTOK): its label comes from TikTok (POST .../orders/{order.Id}/labels), so it cannot be marked shipped with the warehouse's own tracking number.",
                null, cancellationToken);
            return;
        }

        var providers = await ProvidersAsync(reference, order.WarehouseId, cancellationToken);
        var resolution = CarrierMap.Resolve(shipment.Carrier, shop.Region, providers, shop.Settings.Fulfilment);
        if (resolution is null)
        {
            var offered = providers.Count == 0 ? "none" : string.Join(", ", providers.Select(p => $"{p.Name} ({p.Id})"));
            // The error is what the back office reads (GET .../shipments/{id}); the case tells support what only support can do.
            await FailAsync(read,
                $"Carrier '{shipment.Carrier}' matches none of shop {shop.ShopId}'s TikTok shipping providers (region {shop.Region}; TikTok offers: {offered}) "
                + "and the shop has no fallback carrier. Send the shipment again with one of those carriers and a new idempotency key, "
                + "or ask support to add a carrier alias or a fallback carrier for the shop.",
                null, cancellationToken,
                supportAdvice: $"To accept '{shipment.Carrier}' from now on, set a carrier alias or a fallback carrier: PATCH /api/admin/shops/{shop.ShopId}/settings "
                    + $"{{\"fulfilment\": {{\"carrierAliases\": {{\"{shipment.Carrier}\": \"<one of: {offered}>\"}}}}}} (or \"fallbackCarrier\"), "
                    + "then ask the back office to send the shipment again with a new idempotency key. This case closes itself once a shipment of the order goes through.");
            return;
        }

        if (resolution.Match == CarrierMatch.Fallback)
        {
            FallbackUsed(logger, shipment.ShipmentId, shipment.Carrier, resolution.ProviderName, shop.ShopId);
        }

        if (shipment.Action == ShipmentAction.UpdateTracking)
        {
            await tiktok.UpdateShippingInfoAsync(reference, order.Id, new TikTokShippingInfo(shipment.TrackingNumber, resolution.ProviderId), cancellationToken);
            await ShippedAsync(read, resolution, packageId: null, shipment.LineItemIds, cancellationToken);
            return;
        }

        var lineItemIds = shipment.LineItemIds;
        if (lineItemIds.Count > 0)
        {
            // A retry after the ids were chosen: if TikTok holds them in a package already, the earlier attempt succeeded.
            if (PackagedAlready(order, lineItemIds) is { } packageId)
            {
                await ShippedAsync(read, resolution, packageId, lineItemIds, cancellationToken);
                return;
            }
        }
        else
        {
            var (chosen, shortage) = ChooseLineItems(order, shipment.Lines);
            if (shortage is not null)
            {
                await FailAsync(read, $"Order {order.Id} on TikTok has fewer unshipped units than the shipment: {shortage}. It may have been shipped in Seller Center.",
                    null, cancellationToken);
                return;
            }

            lineItemIds = chosen;
            read = await shipments.UpdateAsync(read, read.Shipment with { LineItemIds = chosen, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }

        if (!ShippableStatuses.Contains(order.Status))
        {
            await FailAsync(read, $"Order {order.Id} is {order.Status} on TikTok; packages can only be created for AWAITING_SHIPMENT or PARTIALLY_SHIPPING orders.",
                null, cancellationToken);
            return;
        }

        TikTokShippedPackage package;
        try
        {
            package = await tiktok.MarkPackageShippedAsync(reference, order.Id, new TikTokShipPackageRequest(shipment.TrackingNumber, resolution.ProviderId, lineItemIds), cancellationToken);
        }
        catch (TikTokException e) when (e.Kind == TikTokErrorKind.InvalidRequest)
        {
            // An attempt may have gone through with its answer lost, and the client's retry been refused because the order
            // moved on: TikTok's order says whether the units are in one package now.
            var after = (await tiktok.GetOrdersAsync(reference, [order.Id], cancellationToken)).FirstOrDefault(o => o.Id == order.Id);
            if (after is not null && PackagedAlready(after, lineItemIds) is { } packageId)
            {
                await ShippedAsync(read, resolution, packageId, lineItemIds, cancellationToken);
                return;
            }

            throw;
        }

        await ShippedAsync(read, resolution, package.PackageId, lineItemIds, cancellationToken, package.Warning?.Message);
    }

    /// <summary>The package TikTok holds all of <paramref name="lineItemIds"/> in, when they are in one; else null.</summary>
    private static string? PackagedAlready(TikTokOrder order, IReadOnlyCollection<string> lineItemIds)
    {
        var packaged = order.LineItems.Where(l => lineItemIds.Contains(l.Id) && !string.IsNullOrEmpty(l.PackageId)).ToList();
        return packaged.Count == lineItemIds.Count && packaged.Select(l => l.PackageId).Distinct().Count() == 1 ? packaged[0].PackageId : null;
    }

    /// <summary>For each SKU, that many of TikTok's unit line items not yet in a package (and not cancelled).</summary>
    /// <summary>
    /// TikTok's line items for the shipped units: unpackaged, not cancelled line items of the SKU, then (for a component
    /// of a virtual bundle) the bundle's line items, each holding <c>sku_count</c> units of the component.
    /// </summary>
    internal static (IReadOnlyList<string> Ids, string? Shortage) ChooseLineItems(TikTokOrder order, IReadOnlyList<ShipmentLine> lines)
    {
        var ids = new List<string>();
        var shortages = new List<string>();
        static bool Free(TikTokLineItem l) =>
            string.IsNullOrEmpty(l.PackageId) && !string.Equals(l.DisplayStatus, TikTokOrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase);

        foreach (var line in lines)
        {
            var free = order.LineItems
                .Where(l => l.CombinedListingSkus.Count == 0 && string.Equals(l.SellerSku?.Trim(), line.Sku, StringComparison.Ordinal) && Free(l))
                .Select(l => l.Id)
                .Order(StringComparer.Ordinal)
                .Take(line.Quantity)
                .ToList();
            var covered = free.Count;
            // Bundles already chosen for another component of this shipment come first: shipping one ships all its components.
            foreach (var bundle in order.LineItems.Where(Free).OrderBy(l => ids.Contains(l.Id) ? 0 : 1).ThenBy(l => l.Id, StringComparer.Ordinal))
            {
                if (covered >= line.Quantity)
                {
                    break;
                }

                var component = bundle.CombinedListingSkus.FirstOrDefault(c => string.Equals(c.SellerSku?.Trim(), line.Sku, StringComparison.Ordinal));
                if (component is not null)
                {
                    free.Add(bundle.Id);
                    covered += Math.Max(1, component.SkuCount);
                }
            }

            if (covered < line.Quantity)
            {
                shortages.Add($"{line.Sku}: {line.Quantity} asked, {covered} unshipped on TikTok");
            }

            ids.AddRange(free.Where(id => !ids.Contains(id)));
        }

        return (ids, shortages.Count == 0 ? null : string.Join("; ", shortages));
    }

    /// <summary>The shipping providers of the order's warehouse (else every sales warehouse), over all its delivery options.</summary>
    private async Task<IReadOnlyList<TikTokShippingProvider>> ProvidersAsync(TikTokShopRef shop, string? warehouseId, CancellationToken cancellationToken)
    {
        var warehouses = await tiktok.GetWarehousesAsync(shop, cancellationToken);
        var chosen = warehouses.Where(w => w.Id == warehouseId).Select(w => w.Id).ToList();
        if (chosen.Count == 0)
        {
            chosen = warehouses.Where(w => !string.Equals(w.Type, "RETURN_WAREHOUSE", StringComparison.OrdinalIgnoreCase)).Select(w => w.Id).ToList();
        }

        var providers = new List<TikTokShippingProvider>();
        foreach (var warehouse in chosen)
        {
            foreach (var option in await tiktok.GetDeliveryOptionsAsync(shop, warehouse, cancellationToken))
            {
                providers.AddRange(await tiktok.GetShippingProvidersAsync(shop, option.Id, cancellationToken));
            }
        }

        return providers.DistinctBy(p => p.Id).ToList();
    }

    private async Task ShippedAsync(VersionedShipment read, CarrierResolution resolution, string? packageId, IReadOnlyList<string> lineItemIds, CancellationToken cancellationToken,
        string? warning = null)
    {
        var shipment = read.Shipment;
        var now = time.GetUtcNow();
        string? caseId = null;
        if (!string.IsNullOrWhiteSpace(warning))
        {
            // TikTok accepted the package but warns (e.g. the tracking number matches more than one carrier): keep it and tell support.
            var opened = await cases.OpenAsync(SupportCaseKind.ShipmentWarning, "shipment-warning:" + shipment.MerchantId + ":" + shipment.ShipmentId,
                $"TikTok accepted shipment {shipment.ShipmentId} (order {shipment.OrderId}, package {packageId}, tracking {shipment.TrackingNumber}, carrier {resolution.ProviderName}) "
                + $"with a warning: \"{warning}\". Check the package's carrier and tracking on TikTok.",
                shipment.ShopId, shipment.MerchantId, authorizationId: null, cancellationToken);
            caseId = opened.CaseId;
            ShipmentWarned(logger, shipment.ShipmentId, shipment.ShopId, shipment.OrderId, warning, caseId);
        }

        var done = shipment with
        {
            Status = ShipmentStatus.Shipped, PackageId = packageId ?? shipment.PackageId, LineItemIds = lineItemIds, ShippingProviderId = resolution.ProviderId,
            ShippingProviderName = resolution.ProviderName, CarrierMatch = resolution.Match, Error = null, UpdatedAt = now,
            Warning = warning ?? shipment.Warning, SupportCaseId = caseId ?? shipment.SupportCaseId,
        };

        // The order first: should this fail, the retry finds the package on TikTok and records it without a second call.
        await RecordOnOrderAsync(done, cancellationToken);
        await shipments.UpdateAsync(read, done, cancellationToken);
        ShipmentShipped(logger, shipment.ShipmentId, shipment.ShopId, shipment.OrderId, shipment.Action, done.PackageId, resolution.ProviderName, resolution.Match);
        await CloseEarlierFailuresAsync(done, cancellationToken);
    }

    /// <summary>
    /// A shipment went through: the ShipmentFailed cases of earlier failed shipments of the same order close themselves
    /// when this one carried their units (or the whole order is now shipped).
    /// </summary>
    private async Task CloseEarlierFailuresAsync(Shipment done, CancellationToken cancellationToken)
    {
        var failed = (await shipments.ListForOrderAsync(done.MerchantId, done.OrderId, cancellationToken))
            .Select(s => s.Shipment)
            .Where(s => s.Status == ShipmentStatus.Failed && s.SupportCaseId is not null && s.ShipmentId != done.ShipmentId)
            .ToList();
        if (failed.Count == 0)
        {
            return;
        }

        var fullyShipped = (await orders.GetAsync(done.ShopId, done.OrderId, cancellationToken))?.Order.IsFullyShipped ?? false;
        foreach (var earlier in failed)
        {
            var covered = fullyShipped || earlier.Lines.All(l => done.Lines.Any(d => d.Sku == l.Sku && d.Quantity >= l.Quantity));
            if (!covered)
            {
                continue;
            }

            var (closed, already) = await cases.ResolveAsync(earlier.SupportCaseId!,
                $"Closed by the connector: shipment {done.ShipmentId} for the same order went through (package {done.PackageId}, tracking {done.TrackingNumber}).",
                SupportCaseStore.Connector, cancellationToken);
            if (closed is not null && !already)
            {
                FailureClosed(logger, closed.CaseId, earlier.ShipmentId, done.ShipmentId);
            }
        }
    }

    private Task RecordOnOrderAsync(Shipment shipment, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            var stored = await orders.GetAsync(shipment.ShopId, shipment.OrderId, cancellationToken);
            if (stored is null)
            {
                return;
            }

            var updated = Apply(stored.Order, shipment, time.GetUtcNow());
            if (updated is null)
            {
                return;
            }

            // Someone (the order pull, a parallel shipment) writing the order meanwhile makes this read it again.
            await orders.SaveAsync(shipment.ShopId, [new VersionedOrder(updated, stored.ETag)], cancellationToken);
        });

    /// <summary>The order with this shipment's package (or new tracking); Shipped once every unit is in a package. Null when nothing changes.</summary>
    internal static StoredOrder? Apply(StoredOrder order, Shipment shipment, DateTimeOffset now)
    {
        List<OrderPackage> packages;
        if (shipment.Action == ShipmentAction.UpdateTracking)
        {
            var target = order.Packages.LastOrDefault(p => shipment.Lines.All(l => p.Units.TryGetValue(l.Sku, out var q) && q == l.Quantity)) ?? order.Packages.LastOrDefault();
            if (target is null)
            {
                return order with { TrackingNumber = shipment.TrackingNumber, UpdatedAt = now };
            }

            packages = order.Packages.Select(p => p == target ? p with { TrackingNumber = shipment.TrackingNumber, ShippingProviderId = shipment.ShippingProviderId ?? p.ShippingProviderId } : p).ToList();
        }
        else
        {
            if (order.Packages.Any(p => p.ShipmentId == shipment.ShipmentId))
            {
                return null;
            }

            packages = order.Packages.Append(new OrderPackage(
                shipment.PackageId ?? "", shipment.ShipmentId, shipment.Lines.ToDictionary(l => l.Sku, l => l.Quantity, StringComparer.Ordinal),
                shipment.LineItemIds, shipment.TrackingNumber, shipment.ShippingProviderId ?? "", shipment.ShippedAt)).ToList();
        }

        return OrderRules.AfterPackagesChanged(order with { Packages = packages, TrackingNumber = shipment.TrackingNumber, UpdatedAt = now },
            $"Shipped by the back office: {packages.Count} package(s), last tracking {shipment.TrackingNumber}.", reopenedReason: null, now);
    }

    private async Task FailAsync(VersionedShipment read, string error, TikTokException? tikTok, CancellationToken cancellationToken, string? supportAdvice = null)
    {
        var shipment = read.Shipment;
        var opened = await cases.OpenAsync(SupportCaseKind.ShipmentFailed, "shipment-failed:" + shipment.MerchantId + ":" + shipment.ShipmentId,
            $"Shipment {shipment.ShipmentId} of merchant {shipment.MerchantId} (order {shipment.OrderId}, tracking {shipment.TrackingNumber}, carrier {shipment.Carrier}) was not pushed to TikTok: {error}"
            + (supportAdvice is null ? "" : " " + supportAdvice),
            shipment.ShopId, shipment.MerchantId, authorizationId: null, cancellationToken);
        var failed = shipment with
        {
            Status = ShipmentStatus.Failed, Error = error, TikTokCode = tikTok?.Code, TikTokRequestId = tikTok?.RequestId, SupportCaseId = opened.CaseId,
            UpdatedAt = time.GetUtcNow(),
        };
        await shipments.UpdateAsync(read, failed, cancellationToken);
        ShipmentFailed(logger, shipment.ShipmentId, shipment.ShopId, shipment.OrderId, error, opened.CaseId);
    }

    private async Task<VersionedShipment> FreshAsync(VersionedShipment read, CancellationToken cancellationToken) =>
        await shipments.GetAsync(read.Shipment.MerchantId, read.Shipment.ShipmentId, cancellationToken) ?? read;

    [LoggerMessage(EventId = 4711, Level = LogLevel.Warning, Message = "Shipment {ShipmentId} of merchant {MerchantId} does not exist: message dropped")]
    private static partial void ShipmentMissing(ILogger logger, string shipmentId, string merchantId);

    [LoggerMessage(EventId = 4712, Level = LogLevel.Information, Message = "Shipment {ShipmentId} is {Status} already: nothing to do")]
    private static partial void AlreadyDone(ILogger logger, string shipmentId, ShipmentStatus status);

    [LoggerMessage(EventId = 4719, Level = LogLevel.Information, Message = "Shipment {ShipmentId} of merchant {MerchantId} was claimed by another delivery of its message; this one stops")]
    private static partial void ClaimedElsewhere(ILogger logger, string shipmentId, string merchantId);

    [LoggerMessage(EventId = 4713, Level = LogLevel.Information,
        Message = "Shipment {ShipmentId} pushed for shop {ShopId}, order {OrderId}: {Action}, package {PackageId}, provider {Provider} ({Match})")]
    private static partial void ShipmentShipped(ILogger logger, string shipmentId, string shopId, string orderId, ShipmentAction action, string? packageId, string provider, CarrierMatch match);

    [LoggerMessage(EventId = 4714, Level = LogLevel.Warning, Message = "Shipment {ShipmentId} failed for shop {ShopId}, order {OrderId}: {Error} (support case {CaseId})")]
    private static partial void ShipmentFailed(ILogger logger, string shipmentId, string shopId, string orderId, string error, string caseId);

    [LoggerMessage(EventId = 4717, Level = LogLevel.Information, Message = "Support case {CaseId} of failed shipment {FailedShipmentId} closed: shipment {ShipmentId} went through")]
    private static partial void FailureClosed(ILogger logger, string caseId, string failedShipmentId, string shipmentId);

    [LoggerMessage(EventId = 4716, Level = LogLevel.Warning,
        Message = "Shipment {ShipmentId} of shop {ShopId}, order {OrderId}: TikTok accepted it with a warning: {Warning} (support case {CaseId})")]
    private static partial void ShipmentWarned(ILogger logger, string shipmentId, string shopId, string orderId, string warning, string caseId);

    [LoggerMessage(EventId = 4715, Level = LogLevel.Information, Message = "Shipment {ShipmentId}: carrier '{Carrier}' unknown for shop {ShopId}, fallback {Provider} used")]
    private static partial void FallbackUsed(ILogger logger, string shipmentId, string carrier, string provider, string shopId);
}
