using Connector.Http;
using Connector.Orders;
using Connector.TikTok.Api;

namespace Connector.Fulfilment;

/// <summary>What a shipment does to the stored order (a new package or a tracking update), or why it cannot. Pure.</summary>
public static class ShipmentRules
{
    public static (ShipmentAction Action, IReadOnlyList<ShipmentLine> Lines, Refusal? Refusal) Decide(StoredOrder order, CreateShipment shipment)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shipment);
        static (ShipmentAction, IReadOnlyList<ShipmentLine>, Refusal?) Refuse(RefusalKind kind, string title, string detail) =>
            (ShipmentAction.CreatePackage, [], new Refusal(kind, detail) { Title = title });

        if (order.ShippedByPlatform)
        {
            return Refuse(RefusalKind.Conflict, "Fulfilled by TikTok", $"Order {order.OrderId} is fulfilled by TikTok (fulfillment_type FULFILLMENT_BY_TIKTOK): there is nothing to ship.");
        }

        if (string.Equals(order.ShippingType, TikTokShippingType.TikTok, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(RefusalKind.Conflict, "TikTok Shipping order",
                $"Order {order.OrderId} uses TikTok Shipping: the label comes from TikTok. Ask for it with POST /api/merchants/{{merchantId}}/orders/{order.OrderId}/labels instead of sending your own tracking.");
        }

        if (order.State is OrderState.Cancelled or OrderState.CancelledAfterRelease)
        {
            return Refuse(RefusalKind.Conflict, "Order cancelled", $"Order {order.OrderId} was cancelled on TikTok ({order.StateReason}): do not ship it.");
        }

        if (shipment.Lines is null)
        {
            var unshipped = order.Lines.Select(l => l.Sku).Distinct().Select(sku => new ShipmentLine(sku, order.UnshippedUnits(sku))).Where(l => l.Quantity > 0).ToList();
            if (unshipped.Count > 0)
            {
                return CanShipNew(order) is { } state ? Refuse(RefusalKind.Conflict, "Order not shippable", state) : (ShipmentAction.CreatePackage, unshipped, null);
            }

            return order.Packages.Count > 0 && order.State != OrderState.Completed
                ? (ShipmentAction.UpdateTracking, order.Packages.Last().Units.Select(u => new ShipmentLine(u.Key, u.Value)).ToList(), null)
                : Refuse(RefusalKind.Conflict, "Nothing to ship", $"Every unit of order {order.OrderId} is shipped already ({order.State}).");
        }

        var unknown = shipment.Lines.Where(l => order.Units(l.Sku) == 0).Select(l => l.Sku).ToList();
        if (unknown.Count > 0)
        {
            return Refuse(RefusalKind.Unprocessable, "Unknown SKU", $"Order {order.OrderId} has no SKU {string.Join(", ", unknown)}.");
        }

        // The same units as a package shipped before: a tracking correction.
        var asked = shipment.Lines.ToDictionary(l => l.Sku, l => l.Quantity, StringComparer.Ordinal);
        if (order.State != OrderState.Completed && order.Packages.LastOrDefault(p => p.Units.Count == asked.Count && p.Units.All(u => asked.TryGetValue(u.Key, out var q) && q == u.Value)) is { } package
            && shipment.Lines.Any(l => order.UnshippedUnits(l.Sku) < l.Quantity))
        {
            return (ShipmentAction.UpdateTracking, package.Units.Select(u => new ShipmentLine(u.Key, u.Value)).ToList(), null);
        }

        if (CanShipNew(order) is { } why)
        {
            return Refuse(RefusalKind.Conflict, "Order not shippable", why);
        }

        var tooMany = shipment.Lines.Where(l => l.Quantity > order.UnshippedUnits(l.Sku))
            .Select(l => $"{l.Sku}: {l.Quantity} asked, {order.UnshippedUnits(l.Sku)} of {order.Units(l.Sku)} unshipped").ToList();
        if (tooMany.Count > 0)
        {
            return Refuse(RefusalKind.Unprocessable, "Too many units", $"More units than order {order.OrderId} has left to ship ({string.Join("; ", tooMany)}).");
        }

        return (ShipmentAction.CreatePackage, shipment.Lines, null);
    }

    private static string? CanShipNew(StoredOrder order) => order.State is OrderState.ReadyToFulfil or OrderState.Released
        ? null
        : $"Order {order.OrderId} is {order.State} ({order.StateReason}); only ReadyToFulfil or Released orders can be shipped.";
}
