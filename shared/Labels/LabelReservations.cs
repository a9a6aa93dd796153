using Connector.Orders;
using Connector.Storage;
using Microsoft.AspNetCore.Http;

namespace Connector.Labels;

/// <summary>
/// The label's units held on the stored orders (one ETag transaction for every order of the parcel, which share the
/// shop's partition), so that no other label or shipment takes them while TikTok is asked; released when the label fails.
/// </summary>
public static class LabelReservations
{
    /// <summary>Reserves (idempotently); the refusal when the units are no longer free (another label or shipment took them).</summary>
    public static Task<LabelRefusal?> ReserveAsync(OrderStore orders, Label label, DateTimeOffset now, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            var stored = await orders.GetManyAsync(label.ShopId, label.AllOrderIds, cancellationToken);
            if (!stored.TryGetValue(label.OrderId, out var main))
            {
                return new LabelRefusal(StatusCodes.Status404NotFound, "Not found", $"Order {label.OrderId} is no longer stored for shop {label.ShopId}.");
            }

            var changed = new List<VersionedOrder>();
            if (main.Order.Packages.All(p => p.ShipmentId != label.LabelId))
            {
                var (_, refusal) = LabelRules.Decide(main.Order, label.Lines, label.LabelId);
                if (refusal is not null)
                {
                    return refusal;
                }

                changed.Add(new VersionedOrder(LabelRules.Reserve(main.Order, label.LabelId, label.Lines, now)!, main.ETag));
            }

            foreach (var otherId in label.CombinedOrderIds)
            {
                if (!stored.TryGetValue(otherId, out var other))
                {
                    return new LabelRefusal(StatusCodes.Status404NotFound, "Not found", $"combineWith: order {otherId} is not stored for shop {label.ShopId}.");
                }

                if (other.Order.Packages.Any(p => p.ShipmentId == label.LabelId))
                {
                    continue;
                }

                if (LabelRules.DecideCombined(main.Order, other.Order, label.LabelId) is { } refusal)
                {
                    return refusal;
                }

                changed.Add(new VersionedOrder(LabelRules.Reserve(other.Order, label.LabelId, LabelRules.Unshipped(other.Order), now)!, other.ETag));
            }

            // Another writer (a pull, a webhook, a racing label) changing an order meanwhile: decide again on the fresh one.
            await orders.SaveAsync(label.ShopId, changed, cancellationToken);
            return (LabelRefusal?)null;
        });

    /// <summary>Frees the label's units on its orders (the label failed).</summary>
    public static Task ReleaseAsync(OrderStore orders, Label label, DateTimeOffset now, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            var stored = await orders.GetManyAsync(label.ShopId, label.AllOrderIds, cancellationToken);
            var changed = stored.Values
                .Select(o => LabelRules.Release(o.Order, label.LabelId, now) is { } released ? new VersionedOrder(released, o.ETag) : null)
                .OfType<VersionedOrder>()
                .ToList();
            await orders.SaveAsync(label.ShopId, changed, cancellationToken);
        });
}
