using Connector.Http;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Microsoft.Extensions.Logging;

namespace Connector.Fulfilment;

/// <summary>
/// The back office's shipment operations. Create checks the shipment against the stored order before anything is
/// written (<see cref="ShipmentRules"/>), stores it under merchant + idempotency key and queues it (202); the same key
/// answers the first result. Requests are bound and validated by their records (<see cref="CreateShipment"/>, ...).
/// </summary>
public sealed partial class ShipmentHandlers(
    ShipmentStore shipments,
    ShopRepository shops,
    OrderStore orders,
    MessageQueue queue,
    QueueNames queues,
    TimeProvider time,
    ILogger<ShipmentHandlers> logger)
{
    /// <summary>POST /api/merchants/{merchantId}/shipments.</summary>
    public async Task<Outcome<ShipmentAccepted>> CreateAsync(CreateShipment request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var merchantId = request.MerchantId;
        var shipmentId = ShipmentStore.IdFor(merchantId, request.IdempotencyKey);
        if (await shipments.GetAsync(merchantId, shipmentId, cancellationToken) is { } earlier)
        {
            return await ReplayAsync(earlier, request.Hash, cancellationToken);
        }

        var located = await FindOrderAsync(merchantId, request.OrderId, request.ShopId, cancellationToken);
        if (located.Refusal is { } notFound)
        {
            return notFound;
        }

        var (shop, order) = (located.Shop!, located.Order!);
        var (action, lines, refusal) = ShipmentRules.Decide(order, request);
        if (refusal is not null)
        {
            ShipmentRefused(logger, merchantId, shop.ShopId, order.OrderId, refusal.Detail);
            return refusal;
        }

        var now = time.GetUtcNow();
        var shipment = new Shipment
        {
            ShipmentId = shipmentId, MerchantId = merchantId, IdempotencyKey = request.IdempotencyKey, RequestHash = request.Hash,
            ShopId = shop.ShopId, OrderId = order.OrderId, Lines = lines, AllLines = request.Lines is null, Action = action,
            Carrier = request.Carrier, TrackingNumber = request.TrackingNumber, ShippedAt = request.ShippedAt, CreatedAt = now, UpdatedAt = now,
        };
        var (stored, created) = await shipments.AddOrGetAsync(shipment, cancellationToken);
        if (!created)
        {
            return await ReplayAsync(stored, request.Hash, cancellationToken);
        }

        ShipmentAccepted(logger, shipmentId, merchantId, shop.ShopId, order.OrderId, action, lines.Sum(l => l.Quantity));
        stored = await EnqueueAsync(stored, cancellationToken);
        return Accepted(stored.Shipment, replayed: false);
    }

    /// <summary>GET /api/merchants/{merchantId}/shipments: the merchant's shipments, paged.</summary>
    public async Task<Outcome<ShipmentPage>> ListAsync(ListShipments request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var asOf = time.GetUtcNow().UtcDateTime; // written with a Z, so it goes into a query string as it is
        try
        {
            var (page, next) = await shipments.QueryAsync(
                request.MerchantId, request.OrderId, request.ShopId, request.Status, request.ChangedSince, request.ContinuationToken, request.PageSize, cancellationToken);
            return new ShipmentPage(page.Select(ShipmentView.Of).ToList(), AdminRequest.Continuation(next), asOf);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Refusal.InvalidField("continuationToken", "is not one this API gave out", "continuationToken is not one this API gave out.");
        }
    }

    /// <summary>GET /api/merchants/{merchantId}/shipments/{shipmentId}.</summary>
    public async Task<Outcome<ShipmentView>> GetAsync(GetShipment request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await shipments.GetAsync(request.MerchantId, request.ShipmentId, cancellationToken) is { } found
            ? ShipmentView.Of(found.Shipment)
            : Refusal.NotFound($"Shipment {request.ShipmentId} of merchant {request.MerchantId} does not exist.");
    }

    private async Task<Outcome<ShipmentAccepted>> ReplayAsync(VersionedShipment earlier, string hash, CancellationToken cancellationToken)
    {
        if (earlier.Shipment.RequestHash != hash)
        {
            return Refusal.Conflict(
                $"Idempotency key '{earlier.Shipment.IdempotencyKey}' was used for a different shipment ({earlier.Shipment.ShipmentId}, order {earlier.Shipment.OrderId}). "
                + "Use a new key for a new shipment.");
        }

        ShipmentReplayed(logger, earlier.Shipment.ShipmentId, earlier.Shipment.MerchantId, earlier.Shipment.Status);
        if (!earlier.Shipment.Queued && earlier.Shipment.Status == ShipmentStatus.Accepted)
        {
            earlier = await EnqueueAsync(earlier, cancellationToken); // the first request stored it but could not queue it
        }

        return Accepted(earlier.Shipment, replayed: true);
    }

    private async Task<VersionedShipment> EnqueueAsync(VersionedShipment stored, CancellationToken cancellationToken)
    {
        await queue.SendAsync(queues.Shipment, new ShipmentMessage(stored.Shipment.MerchantId, stored.Shipment.ShipmentId), cancellationToken);
        try
        {
            return await shipments.UpdateAsync(stored, stored.Shipment with { Queued = true, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // The worker got there first; it only handles Accepted shipments, so a second message does nothing.
            return (await shipments.GetAsync(stored.Shipment.MerchantId, stored.Shipment.ShipmentId, cancellationToken))!;
        }
    }

    private static Outcome<ShipmentAccepted> Accepted(Shipment shipment, bool replayed)
    {
        var location = $"/api/merchants/{Uri.EscapeDataString(shipment.MerchantId)}/shipments/{shipment.ShipmentId}";
        return Outcome<ShipmentAccepted>.Accepted(new ShipmentAccepted(shipment.ShipmentId, shipment.Status.ToString(), location, replayed, ShipmentView.Of(shipment)), location) with
        {
            Headers = replayed ? new Dictionary<string, string> { ["Idempotent-Replayed"] = "true" } : null,
        };
    }

    private sealed record Located(ShopRecord? Shop, StoredOrder? Order, Refusal? Refusal);

    private async Task<Located> FindOrderAsync(string merchantId, string orderId, string? shopId, CancellationToken cancellationToken)
    {
        var merchantShops = await shops.ListByMerchantAsync(merchantId, cancellationToken);
        var candidates = merchantShops.Where(s => shopId is null || s.ShopId == shopId).ToList();
        foreach (var shop in candidates)
        {
            if (await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is { } found && found.Order.MerchantId == merchantId)
            {
                if (shop.Status == ShopStatus.ReauthorizationRequired)
                {
                    return new Located(null, null, Refusal.Conflict(
                        $"Shop {shop.ShopId} needs the seller to authorize the connector again before shipments can reach TikTok."));
                }

                return new Located(shop, found.Order, null);
            }
        }

        return new Located(null, null, Refusal.NotFound($"Order {orderId} does not exist for merchant {merchantId}."));
    }

    [LoggerMessage(EventId = 4701, Level = LogLevel.Information,
        Message = "Shipment {ShipmentId} accepted for merchant {MerchantId}, shop {ShopId}, order {OrderId}: {Action}, {Units} units")]
    private static partial void ShipmentAccepted(ILogger logger, string shipmentId, string merchantId, string shopId, string orderId, ShipmentAction action, int units);

    [LoggerMessage(EventId = 4702, Level = LogLevel.Information, Message = "Shipment refused for merchant {MerchantId}, shop {ShopId}, order {OrderId}: {Reason}")]
    private static partial void ShipmentRefused(ILogger logger, string merchantId, string shopId, string orderId, string reason);

    [LoggerMessage(EventId = 4703, Level = LogLevel.Information, Message = "Shipment {ShipmentId} of merchant {MerchantId} requested again ({Status}): first result returned")]
    private static partial void ShipmentReplayed(ILogger logger, string shipmentId, string merchantId, ShipmentStatus status);
}
