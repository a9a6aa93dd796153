using Connector.Fulfilment;
using Connector.Orders;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Http;

namespace Connector.Labels;

/// <summary>Why a label cannot be had: the HTTP status, a title and a sentence the warehouse can act on.</summary>
public sealed record LabelRefusal(int Status, string Title, string Detail);

/// <summary>
/// The label rules (pure): which orders may have a label and which units, the reservation of those units on the stored
/// order (so no two labels or shipments take the same units), the shipping service and handover chosen, and what the
/// order looks like once TikTok has the package.
/// </summary>
public static class LabelRules
{
    /// <summary>TikTok package statuses in which the units are shipped (label bought or handed over).</summary>
    public static readonly IReadOnlySet<string> ShippedPackageStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        TikTokPackageStatus.Processing, TikTokPackageStatus.Fulfilling, TikTokPackageStatus.Completed,
    };

    /// <summary>TikTok order statuses in which a label may be bought for units not yet in a shipped package.</summary>
    public static readonly IReadOnlySet<string> LabelStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        TikTokOrderStatus.AwaitingShipment, TikTokOrderStatus.PartiallyShipping, TikTokOrderStatus.AwaitingCollection,
    };

    public static bool IsTikTokShipping(StoredOrder order) => string.Equals(order.ShippingType, TikTokShippingType.TikTok, StringComparison.OrdinalIgnoreCase);

    /// <summary>The units of <paramref name="order"/> the request asks a label for, or why not. The label's own reservation does not count.</summary>
    public static (IReadOnlyList<ShipmentLine> Lines, LabelRefusal? Refusal) Decide(StoredOrder order, IReadOnlyList<ShipmentLine>? asked, string labelId)
    {
        if (CanHaveLabel(order) is { } refusal)
        {
            return ([], refusal);
        }

        var own = Without(order, labelId);
        if (asked is null)
        {
            var unshipped = Unshipped(own);
            return unshipped.Count > 0
                ? (unshipped, null)
                : ([], new LabelRefusal(StatusCodes.Status409Conflict, "Nothing to ship",
                    $"Every unit of order {order.OrderId} already has a label or a package ({Describe(own.Packages)})."));
        }

        var unknown = asked.Where(l => own.Units(l.Sku) == 0).Select(l => l.Sku).ToList();
        if (unknown.Count > 0)
        {
            return ([], new LabelRefusal(StatusCodes.Status422UnprocessableEntity, "Unknown SKU", $"Order {order.OrderId} has no SKU {string.Join(", ", unknown)}."));
        }

        var tooMany = asked.Where(l => l.Quantity > own.UnshippedUnits(l.Sku))
            .Select(l => $"{l.Sku}: {l.Quantity} asked, {own.UnshippedUnits(l.Sku)} of {own.Units(l.Sku)} without a label").ToList();
        return tooMany.Count > 0
            ? ([], new LabelRefusal(StatusCodes.Status422UnprocessableEntity, "Too many units",
                $"More units than order {order.OrderId} has left to ship ({string.Join("; ", tooMany)}). Units already in a label are never shipped twice."))
            : (asked, null);
    }

    /// <summary>An order combined into another's parcel: it must be whole (no unit in a label or package yet).</summary>
    public static LabelRefusal? DecideCombined(StoredOrder main, StoredOrder other, string labelId)
    {
        if (CanHaveLabel(other) is { } refusal)
        {
            return refusal with { Detail = "combineWith: " + refusal.Detail };
        }

        if (other.ShopId != main.ShopId)
        {
            return new LabelRefusal(StatusCodes.Status422UnprocessableEntity, "Not combinable",
                $"combineWith: order {other.OrderId} is in shop {other.ShopId}, order {main.OrderId} in shop {main.ShopId}; only orders of one shop are combined.");
        }

        var own = Without(other, labelId);
        return own.Packages.Any(p => !p.IsCancelled)
            ? new LabelRefusal(StatusCodes.Status409Conflict, "Not combinable", $"combineWith: order {other.OrderId} already has a label or package ({Describe(own.Packages)}).")
            : null;
    }

    private static LabelRefusal? CanHaveLabel(StoredOrder order)
    {
        if (order.ShippedByPlatform)
        {
            return new LabelRefusal(StatusCodes.Status409Conflict, "Fulfilled by TikTok", $"Order {order.OrderId} is fulfilled by TikTok: there is nothing to ship.");
        }

        if (!IsTikTokShipping(order))
        {
            return new LabelRefusal(StatusCodes.Status409Conflict, "Seller shipping order",
                $"Order {order.OrderId} is shipped by the seller (shipping_type {order.ShippingType ?? "SELLER"}): TikTok sells no label for it. "
                + "Ship it with your own carrier and send the tracking with POST /api/merchants/{merchantId}/shipments.");
        }

        if (order.State is OrderState.Cancelled or OrderState.CancelledAfterRelease)
        {
            return new LabelRefusal(StatusCodes.Status409Conflict, "Order cancelled", $"Order {order.OrderId} was cancelled on TikTok ({order.StateReason}): do not ship it.");
        }

        if (order.State is not (OrderState.ReadyToFulfil or OrderState.Released))
        {
            return new LabelRefusal(StatusCodes.Status409Conflict, "Order not shippable",
                $"Order {order.OrderId} is {order.State} ({order.StateReason}); labels are bought for ReadyToFulfil or Released orders.");
        }

        if (order.BuyerRequestedCancel)
        {
            return new LabelRefusal(StatusCodes.Status409Conflict, "Cancellation requested",
                $"The buyer asked to cancel order {order.OrderId}: answer the request before buying a label (TikTok refuses labels for units with an after-sales request).");
        }

        return null;
    }

    /// <summary>Every SKU's units not in a package or reservation.</summary>
    public static IReadOnlyList<ShipmentLine> Unshipped(StoredOrder order) =>
        order.Lines.Select(l => l.Sku).Distinct().Select(sku => new ShipmentLine(sku, order.UnshippedUnits(sku))).Where(l => l.Quantity > 0).ToList();

    private static StoredOrder Without(StoredOrder order, string labelId) => order with { Packages = order.Packages.Where(p => p.ShipmentId != labelId).ToArray() };

    private static string Describe(IEnumerable<OrderPackage> packages)
    {
        var list = packages.Where(p => !p.IsCancelled)
            .Select(p => p.Status == OrderPackage.LabelPending ? $"label {p.ShipmentId} being bought" : $"package {p.PackageId} ({p.Status ?? "shipped"})").ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    /// <summary>The order with the label's units reserved; null when they are reserved already.</summary>
    public static StoredOrder? Reserve(StoredOrder order, string labelId, IReadOnlyList<ShipmentLine> lines, DateTimeOffset now)
    {
        if (order.Packages.Any(p => p.ShipmentId == labelId))
        {
            return null;
        }

        var reservation = new OrderPackage("", labelId, lines.ToDictionary(l => l.Sku, l => l.Quantity, StringComparer.Ordinal), [], "", "", now, OrderPackage.LabelPending);
        return order with { Packages = order.Packages.Append(reservation).ToArray(), UpdatedAt = now };
    }

    /// <summary>The order without the label's reservation (the label failed); null when it has none.</summary>
    public static StoredOrder? Release(StoredOrder order, string labelId, DateTimeOffset now) =>
        order.Packages.Any(p => p.ShipmentId == labelId && p.Status == OrderPackage.LabelPending)
            ? order with { Packages = order.Packages.Where(p => !(p.ShipmentId == labelId && p.Status == OrderPackage.LabelPending)).ToArray(), UpdatedAt = now }
            : null;

    /// <summary>
    /// The order once TikTok has the label's package: the reservation becomes the package (TikTok's id, the unit line item
    /// ids, tracking, carrier); Shipped once every unit is in a package. Null when nothing changes (recorded before).
    /// </summary>
    public static StoredOrder? Complete(StoredOrder order, Label label, IReadOnlyList<ShipmentLine> units, IReadOnlyList<string> lineItemIds, DateTimeOffset now)
    {
        if (order.Packages.Any(p => p.ShipmentId == label.LabelId && p.PackageId == label.PackageId && p.Status != OrderPackage.LabelPending))
        {
            return null;
        }

        var package = new OrderPackage(
            label.PackageId ?? "", label.LabelId, units.ToDictionary(l => l.Sku, l => l.Quantity, StringComparer.Ordinal), lineItemIds, label.TrackingNumber ?? "",
            label.Service?.ShippingProviderId ?? "", now, TikTokPackageStatus.Processing, label.Service?.ShippingProviderName);
        var packages = order.Packages.Where(p => p.ShipmentId != label.LabelId).Append(package).ToArray();
        return OrderRules.AfterPackagesChanged(order with { Packages = packages, TrackingNumber = label.TrackingNumber ?? order.TrackingNumber, UpdatedAt = now },
            $"Labels bought from TikTok for every unit: {packages.Count(p => !p.IsCancelled)} package(s), last tracking {label.TrackingNumber}; "
            + "waiting for the carrier to collect.", reopenedReason: null, now);
    }

    /// <summary>
    /// For each SKU, that many of TikTok's unit line items that are not cancelled and in no shipped package (none, or one
    /// TikTok made and nobody shipped yet). Ordered, so a retry picks the same ones.
    /// </summary>
    public static (IReadOnlyList<string> Ids, string? Shortage) ChooseLineItems(TikTokOrder order, IReadOnlyList<ShipmentLine> lines)
    {
        var ids = new List<string>();
        var shortages = new List<string>();
        foreach (var line in lines)
        {
            var free = order.LineItems
                .Where(l => string.Equals(l.SellerSku?.Trim(), line.Sku, StringComparison.Ordinal) && IsFree(l))
                .OrderBy(l => l.PackageId ?? "", StringComparer.Ordinal)
                .ThenBy(l => l.Id, StringComparer.Ordinal)
                .Select(l => l.Id)
                .Take(line.Quantity)
                .ToList();
            if (free.Count < line.Quantity)
            {
                shortages.Add($"{line.Sku}: {line.Quantity} asked, {free.Count} without a label on TikTok");
            }

            ids.AddRange(free);
        }

        return (ids, shortages.Count == 0 ? null : string.Join("; ", shortages));
    }

    /// <summary>A unit that still needs a label: not cancelled, and in no package or in one TikTok made that waits to be arranged (TO_FULFILL).</summary>
    public static bool IsFree(TikTokLineItem item) =>
        !string.Equals(item.DisplayStatus, TikTokOrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase)
        && (string.IsNullOrEmpty(item.PackageId) || item.PackageStatus == TikTokPackageStatus.ToFulfill);

    /// <summary>
    /// The flow for the chosen units: none in a package, create one (and buy its label); all of one package TikTok made,
    /// ship that package; some of one package, split them off first. Units across several of TikTok's packages cannot be one parcel.
    /// </summary>
    public static (LabelFlow Flow, string? SourcePackage, string? Problem) Flow(TikTokOrder order, IReadOnlyList<string> lineItemIds)
    {
        var chosen = order.LineItems.Where(l => lineItemIds.Contains(l.Id)).ToList();
        var packages = chosen.Select(l => l.PackageId).Where(p => !string.IsNullOrEmpty(p)).Distinct().ToList();
        if (packages.Count == 0)
        {
            return (LabelFlow.CreatePackage, null, null);
        }

        if (packages.Count > 1 || chosen.Any(l => string.IsNullOrEmpty(l.PackageId)))
        {
            return (LabelFlow.ShipPackage, null,
                $"The units asked for are in {packages.Count} of TikTok's packages ({string.Join(", ", packages)}); ask for one label per package.");
        }

        var source = packages[0]!;
        var inPackage = order.LineItems.Count(l => l.PackageId == source && !string.Equals(l.DisplayStatus, TikTokOrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase));
        return chosen.Count == inPackage ? (LabelFlow.ShipPackage, source, null) : (LabelFlow.SplitPackage, source, null);
    }

    /// <summary>
    /// The service to buy: the one asked for (it must be offered), else the shop's default when TikTok offers it, else the
    /// cheapest (then the fastest). Null with the reason when none fits.
    /// </summary>
    public static (TikTokShippingService? Service, string Choice, string? Problem) ChooseService(IReadOnlyList<TikTokShippingService> offered, string? requested, string? shopDefault)
    {
        if (offered.Count == 0)
        {
            return (null, "", "TikTok offers no shipping service for this parcel: check the weight and size, or the buyer's address.");
        }

        if (!string.IsNullOrEmpty(requested))
        {
            var asked = offered.FirstOrDefault(s => s.Id == requested);
            return asked is null
                ? (null, "", $"Shipping service {requested} is not offered for this parcel; TikTok offers: {string.Join(", ", offered.Select(s => $"{s.Name} ({s.Id})"))}.")
                : (asked, ServiceChoices.Requested, null);
        }

        if (!string.IsNullOrEmpty(shopDefault) && offered.FirstOrDefault(s => s.Id == shopDefault) is { } preferred)
        {
            return (preferred, ServiceChoices.ShopDefault, null);
        }

        var cheapest = offered
            .OrderBy(s => s.Price ?? decimal.MaxValue)
            .ThenBy(s => s.LatestDeliveryDays ?? int.MaxValue)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .First();
        return (cheapest, ServiceChoices.Cheapest, null);
    }

    /// <summary>
    /// How the parcel reaches the carrier, where TikTok arranges it (ship-package): the method asked for (or the shop's),
    /// else drop-off where allowed, else the first free pickup slot. Null with the reason when TikTok allows neither.
    /// </summary>
    public static (string? Method, TikTokPickupSlot? Slot, string? Problem) ChooseHandover(TikTokHandoverTimeSlots options, string? requested, string? shopSetting, DateTimeOffset now)
    {
        var wanted = requested ?? shopSetting;
        var slot = options.PickupSlots.Where(s => s.Available && s.EndTime > now.ToUnixTimeSeconds()).OrderBy(s => s.StartTime).FirstOrDefault();
        var pickup = options.CanPickup && slot is not null;
        switch (wanted)
        {
            case TikTokHandoverMethods.DropOff:
                return options.CanDropOff ? (TikTokHandoverMethods.DropOff, null, null) : (null, null, "TikTok does not allow drop-off for this package" + (pickup ? "; ask for PICKUP." : "."));
            case TikTokHandoverMethods.Pickup:
                return pickup ? (TikTokHandoverMethods.Pickup, slot, null) : (null, null, "TikTok offers no free pickup slot for this package" + (options.CanDropOff ? "; ask for DROP_OFF." : "."));
        }

        if (options.CanDropOff)
        {
            return (TikTokHandoverMethods.DropOff, null, null);
        }

        return pickup ? (TikTokHandoverMethods.Pickup, slot, null) : (null, null, "TikTok offers neither drop-off nor a free pickup slot for this package.");
    }

    public static HandoverOptions Options(TikTokHandoverTimeSlots slots) => new(
        slots.CanPickup, slots.CanDropOff, slots.CanVanCollection, slots.DropOffPointUrl,
        slots.PickupSlots.Select(s => new PickupSlot(DateTimeOffset.FromUnixTimeSeconds(s.StartTime), DateTimeOffset.FromUnixTimeSeconds(s.EndTime), s.Available)).ToArray());

    public static LabelService Service(TikTokShippingService s, string choice) =>
        new(s.Id, s.Name, s.Price, s.Currency, s.EarliestDeliveryDays, s.LatestDeliveryDays, s.ShippingProviderId, s.ShippingProviderName, choice);

    /// <summary>Unit counts per SKU of these line items.</summary>
    public static IReadOnlyList<ShipmentLine> UnitsOf(TikTokOrder order, IReadOnlyList<string> lineItemIds) =>
        order.LineItems.Where(l => lineItemIds.Contains(l.Id))
            .GroupBy(l => string.IsNullOrWhiteSpace(l.SellerSku) ? OrderMapper.UnknownSku : l.SellerSku.Trim())
            .Select(g => new ShipmentLine(g.Key, g.Count()))
            .OrderBy(l => l.Sku, StringComparer.Ordinal)
            .ToList();
}
