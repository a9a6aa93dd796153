using System.Globalization;

namespace TikTokSimulator;

public sealed partial class SimulatorState
{
    public const string CancellationPending = "CANCELLATION_REQUEST_PENDING";
    public const string CancellationComplete = "CANCELLATION_REQUEST_COMPLETE";
    public const string CancellationRejected = "CANCELLATION_REQUEST_CANCEL";
    public const string ReturnPending = "RETURN_OR_REFUND_REQUEST_PENDING";
    public const string ReturnApproved = "AWAITING_BUYER_SHIP";
    public const string ReturnRejected = "RETURN_OR_REFUND_REQUEST_REJECT";

    /// <summary>The buyer asks to cancel an order (ON_HOLD or AWAITING_SHIPMENT); the seller approves or rejects.</summary>
    public SimReverse RequestCancellation(string shopId, string orderId, string reason = "No longer needed")
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var order = Order(shop, orderId);
            var request = NewReverse(order, "CANCEL", CancellationPending, reason, order.LineItems);
            shop.Cancellations[request.Id] = request;
            order.IsBuyerRequestCancel = true;
            Touch(order);
            return request;
        }
    }

    /// <summary>The buyer asks to return delivered units (all lines when none are named).</summary>
    public SimReverse RequestReturn(string shopId, string orderId, IReadOnlyList<string>? lineItemIds = null, string reason = "Damaged")
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var order = Order(shop, orderId);
            var lines = lineItemIds is null ? order.LineItems : order.LineItems.Where(l => lineItemIds.Contains(l.Id)).ToList();
            var request = NewReverse(order, "RETURN_AND_REFUND", ReturnPending, reason, lines);
            shop.Returns[request.Id] = request;
            Touch(order);
            return request;
        }
    }

    /// <summary>Approve or reject; the same idempotency key repeats the same decision without effect.</summary>
    internal void Decide(SimShop shop, bool cancellation, string id, bool approve, string? idempotencyKey)
    {
        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > 255)
        {
            throw SimException.BadRequest("idempotency_key is required (up to 255 characters)");
        }

        var requests = cancellation ? shop.Cancellations : shop.Returns;
        if (!requests.TryGetValue(id, out var request))
        {
            throw SimException.NotFound($"{(cancellation ? "cancellation" : "return")} {id} does not exist");
        }

        var decision = approve ? "approve" : "reject";
        if (request.Decisions.TryGetValue(idempotencyKey, out var earlier))
        {
            if (earlier != decision)
            {
                throw SimException.BadRequest("idempotency_key was used for a different decision");
            }

            return;
        }

        if (request.Status != (cancellation ? CancellationPending : ReturnPending))
        {
            throw SimException.BadRequest($"the request is {request.Status}, not pending");
        }

        request.Decisions[idempotencyKey] = decision;
        request.Status = (cancellation, approve) switch
        {
            (true, true) => CancellationComplete,
            (true, false) => CancellationRejected,
            (false, true) => ReturnApproved,
            _ => ReturnRejected,
        };
        request.UpdateTime = Math.Max(UnixNow, request.UpdateTime + 1);

        var order = Order(shop, request.OrderId);
        if (cancellation)
        {
            order.IsBuyerRequestCancel = false;
            if (approve)
            {
                order.Status = "CANCELLED";
                order.CancelReason = request.Reason;
                order.CancellationInitiator = "BUYER";
                order.LineItems.ForEach(l => l.DisplayStatus = "CANCELLED");
            }
        }

        Touch(order);
    }

    private SimReverse NewReverse(SimOrder order, string type, string status, string reason, IReadOnlyList<SimLineItem> lines) => new()
    {
        Id = "4035" + NextId().ToString("D14", CultureInfo.InvariantCulture), OrderId = order.Id, Type = type, Status = status,
        Reason = reason, CreateTime = UnixNow, UpdateTime = UnixNow, RefundTotal = lines.Sum(l => l.SalePrice), Currency = order.Payment.Currency,
        LineItems = lines.ToList(),
    };
}
