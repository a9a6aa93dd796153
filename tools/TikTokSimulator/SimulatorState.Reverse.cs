using System.Globalization;

namespace TikTokSimulator;

/// <summary>A cancellation (buyer's request or the seller's own) or a return / refund-only / replacement request, with TikTok's states.</summary>
public sealed class SimReverse
{
    public required string Id { get; init; }
    public required string OrderId { get; init; }
    public required bool IsCancellation { get; init; }

    /// <summary>BUYER_CANCEL or CANCEL; REFUND, RETURN_AND_REFUND or REPLACEMENT.</summary>
    public required string Type { get; init; }
    public required string Status { get; set; }
    public string Role { get; init; } = "BUYER";
    public string Reason { get; init; } = "";
    public string ReasonText { get; init; } = "";
    public long CreateTime { get; init; }
    public long UpdateTime { get; set; }

    /// <summary>The seller's next action and its deadline (Unix seconds) while TikTok waits for the seller.</summary>
    public string? NextAction { get; set; }
    public long? Deadline { get; set; }
    public string Currency { get; init; } = "GBP";
    public List<SimLineItem> LineItems { get; init; } = [];
    public decimal ShippingRefund { get; init; }
    public string? ReturnTrackingNumber { get; set; }
    public string? ReturnProviderName { get; set; }
    public string? ReturnProviderId { get; set; }
    public string ShipmentType { get; init; } = "PLATFORM";
    public string HandoverMethod { get; init; } = "DROP_OFF";
    public bool CanBuyerKeepItem { get; init; }
    public string? ArbitrationStatus { get; set; }
    public List<SimReturnRecord> Records { get; } = [];

    /// <summary>idempotency_key -> the decision it made.</summary>
    public Dictionary<string, string> Decisions { get; } = new(StringComparer.Ordinal);

    public decimal RefundSubtotal => LineItems.Sum(l => l.SalePrice);

    public decimal RefundTotal => RefundSubtotal + ShippingRefund;
}

/// <summary>One event of a return's history, with the buyer's pictures (the evidence).</summary>
public sealed record SimReturnRecord(string Event, string Role, string Description, string? ReasonText, string? Note, IReadOnlyList<string> Images, long CreateTime);

/// <summary>
/// TikTok's after-sales, as return-refund-and-cancel-api-overview.json describes them. A buyer's cancellation waits 48 hours for
/// the seller (SELLER_RESPOND_CANCEL), then TikTok approves it; approved, the order is CANCELLED and the request goes
/// CANCELLATION_REQUEST_SUCCESS then _COMPLETE; rejected or withdrawn, CANCELLATION_REQUEST_CANCELLED. A seller cancels paid orders
/// (whole, or single lines in the US and UK when out of stock) with a seller cancel reason. Returns: PENDING, then AWAITING_BUYER_SHIP
/// (approved), BUYER_SHIPPED_ITEM (the parcel comes back; the seller has 48 hours to receive or reject it), SUCCESS and COMPLETE;
/// refund-only requests go from PENDING to SUCCESS and COMPLETE. Every change notifies webhook 11 (cancellations), 12 (returns) and
/// 1 (the order's status).
/// </summary>
public sealed partial class SimulatorState
{
    public const string CancellationPending = "CANCELLATION_REQUEST_PENDING";
    public const string CancellationSuccess = "CANCELLATION_REQUEST_SUCCESS";
    public const string CancellationClosed = "CANCELLATION_REQUEST_CANCELLED";
    public const string CancellationComplete = "CANCELLATION_REQUEST_COMPLETE";
    public const string ReturnPending = "RETURN_OR_REFUND_REQUEST_PENDING";
    public const string ReturnRejected = "REFUND_OR_RETURN_REQUEST_REJECT";
    public const string ReturnAwaitingBuyerShip = "AWAITING_BUYER_SHIP";
    public const string ReturnBuyerShipped = "BUYER_SHIPPED_ITEM";
    public const string ReturnParcelRejected = "REJECT_RECEIVE_PACKAGE";
    public const string ReturnSuccess = "RETURN_OR_REFUND_REQUEST_SUCCESS";
    public const string ReturnCancelled = "RETURN_OR_REFUND_REQUEST_CANCEL";
    public const string ReturnComplete = "RETURN_OR_REFUND_REQUEST_COMPLETE";
    public const string ReplacementPending = "REPLACEMENT_REQUEST_PENDING";
    public const string ReplacementRejected = "REPLACEMENT_REQUEST_REJECT";
    public const string ReplacementComplete = "REPLACEMENT_REQUEST_COMPLETE";

    /// <summary>TikTok's time for the seller to answer (the marketplace policy: 48 hours).</summary>
    public static readonly TimeSpan SellerResponseTime = TimeSpan.FromHours(48);

    private static readonly string[] PaidOpen = ["ON_HOLD", "AWAITING_SHIPMENT"];

    /// <summary>
    /// The buyer asks to cancel a paid, unshipped order. In the UK an ON_HOLD order is cancelled at once by TikTok (buyer's remorse
    /// window); otherwise the request waits for the seller (or the deadline).
    /// </summary>
    public SimReverse RequestCancellation(string shopId, string orderId, string? reason = null)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var order = Order(shop, orderId);
            if (!PaidOpen.Contains(order.Status))
            {
                throw Refusal(25001003, $"Invalid order status: a buyer cannot ask to cancel an order that is {order.Status}.");
            }

            if (shop.Cancellations.Values.Any(c => c.OrderId == orderId && c.Status == CancellationPending))
            {
                throw Refusal(25001011, "A return request is already in process, or the order has already been cancelled.");
            }

            var name = reason ?? SimReasons.BuyerCancel(shop.Region)[2].Name;
            var remorse = order.Status == "ON_HOLD" && SimReasons.IsUk(shop.Region);
            var request = NewReverse(shop, order, cancellation: true, remorse ? "CANCEL" : "BUYER_CANCEL", CancellationPending, "BUYER", name, order.LineItems.Where(l => l.DisplayStatus != "CANCELLED").ToList(),
                order.Payment.ShippingFee);
            shop.Cancellations[request.Id] = request;
            if (remorse)
            {
                SetCancellation(shop, request, CancellationSuccess);
                CancelOrderLocked(shop, order, request, "BUYER");
                SetCancellation(shop, request, CancellationComplete);
                return request;
            }

            request.NextAction = "SELLER_RESPOND_CANCEL";
            request.Deadline = UnixNow + (long)SellerResponseTime.TotalSeconds;
            order.IsBuyerRequestCancel = true;
            Touch(order);
            NotifyCancellation(shop, request);
            NotifyOrder(shop, order);
            return request;
        }
    }

    /// <summary>The buyer withdraws a pending cancellation request.</summary>
    public SimReverse WithdrawCancellation(string shopId, string cancelId)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var request = Reverse(shop, cancelId, cancellation: true);
            if (request.Status != CancellationPending)
            {
                throw Refusal(25020003, $"decision not match reverse status: the cancellation is {request.Status}");
            }

            CloseCancellationLocked(shop, request);
            return request;
        }
    }

    /// <summary>
    /// The buyer asks for a refund (REFUND: AWAITING_COLLECTION, IN_TRANSIT or DELIVERED), a return and refund or a replacement
    /// (DELIVERED) of some line items (all when none are named), with pictures as evidence.
    /// </summary>
    public SimReverse RequestReturn(string shopId, string orderId, IReadOnlyList<string>? lineItemIds = null, string? reason = null, string type = "RETURN_AND_REFUND",
        IReadOnlyList<string>? images = null)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var order = Order(shop, orderId);
            var allowed = type == "REFUND" ? new[] { "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED" } : ["DELIVERED"];
            if (type is not ("REFUND" or "RETURN_AND_REFUND" or "REPLACEMENT"))
            {
                throw Refusal(25001001, "return_type must be REFUND, RETURN_AND_REFUND or REPLACEMENT");
            }

            if (!allowed.Contains(order.Status))
            {
                throw Refusal(25001003, $"Invalid order status: a buyer cannot ask for {type} on an order that is {order.Status}.");
            }

            var lines = lineItemIds is null ? order.LineItems.Where(l => l.DisplayStatus != "CANCELLED").ToList() : order.LineItems.Where(l => lineItemIds.Contains(l.Id)).ToList();
            if (lines.Count == 0 || (lineItemIds is not null && lines.Count != lineItemIds.Count))
            {
                throw Refusal(25005011, "The requested line item(s) for return or refund exceeds the limit of the order.");
            }

            var open = shop.Returns.Values.Where(r => r.OrderId == orderId && r.Status is ReturnPending or ReturnAwaitingBuyerShip or ReturnBuyerShipped or ReplacementPending)
                .SelectMany(r => r.LineItems.Select(l => l.Id)).ToHashSet(StringComparer.Ordinal);
            if (lines.Any(l => open.Contains(l.Id)))
            {
                throw Refusal(25001011, "A return request is already in process for these items.");
            }

            var reasons = type == "REFUND" ? SimReasons.BuyerRefund(shop.Region) : SimReasons.BuyerReturn(shop.Region);
            var name = reason ?? reasons[0].Name;
            var request = NewReverse(shop, order, cancellation: false, type, type == "REPLACEMENT" ? ReplacementPending : ReturnPending, "BUYER", name, lines, 0m);
            request.NextAction = type switch { "REFUND" => "SELLER_RESPOND_REFUND", "REPLACEMENT" => "SELLER_RESPOND_REPLACEMENT", _ => "SELLER_RESPOND_RETURN" };
            request.Deadline = UnixNow + (long)SellerResponseTime.TotalSeconds;
            request.Records.Add(new SimReturnRecord("ORDER_RETURN", "Buyer", $"Customer submitted a {(type == "REFUND" ? "refund" : "return")} request", request.ReasonText, null,
                images ?? [$"https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/{request.Id}-1~tplv-o3syd03w52-origin-jpeg.jpeg"], UnixNow));
            shop.Returns[request.Id] = request;
            Touch(order);
            NotifyReturn(shop, request);
            return request;
        }
    }

    /// <summary>The buyer hands the approved return to the carrier (platform shipping) or uploads its tracking number.</summary>
    public SimReverse ShipReturn(string shopId, string returnId, string trackingNumber = "RT000000001GB", string provider = "Royal Mail")
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var request = Reverse(shop, returnId, cancellation: false);
            if (request.Status != ReturnAwaitingBuyerShip)
            {
                throw Refusal(25020003, $"decision not match reverse status: the return is {request.Status}");
            }

            request.ReturnTrackingNumber = trackingNumber;
            request.ReturnProviderName = provider;
            request.ReturnProviderId = "6617" + NextId().ToString("D12", CultureInfo.InvariantCulture);
            request.Records.Add(new SimReturnRecord("BUYER_SHIPPED", "Buyer", "Customer shipped the return", null, $"{provider} {trackingNumber}", [], UnixNow));
            SetReturn(shop, request, ReturnBuyerShipped, "SELLER_RESPOND_RECEIVE_PACKAGE");
            return request;
        }
    }

    /// <summary>The buyer withdraws a return or refund request.</summary>
    public SimReverse WithdrawReturn(string shopId, string returnId)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var request = Reverse(shop, returnId, cancellation: false);
            if (request.Status is not (ReturnPending or ReturnAwaitingBuyerShip or ReplacementPending))
            {
                throw Refusal(25020003, $"decision not match reverse status: the request is {request.Status}");
            }

            SetReturn(shop, request, request.Type == "REPLACEMENT" ? "REPLACEMENT_REQUEST_CANCEL" : ReturnCancelled, null);
            return request;
        }
    }

    /// <summary>The seller's deadline passes unanswered: TikTok decides (it approves, as its policy says).</summary>
    public SimReverse ExpireDeadline(string shopId, string requestId)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            var request = shop.Cancellations.GetValueOrDefault(requestId) ?? Reverse(shop, requestId, cancellation: false);
            if (request.Deadline is null)
            {
                throw Refusal(25020003, $"decision not match reverse status: {requestId} waits for nobody ({request.Status})");
            }

            request.Deadline = UnixNow - 1;
            ProgressReverse(shop);
            return request;
        }
    }

    /// <summary>Requests whose seller deadline passed are decided by TikTok (inside the lock; called by the after-sales endpoints).</summary>
    internal void ProgressReverse(SimShop shop)
    {
        foreach (var request in shop.Cancellations.Values.Where(r => r.Deadline <= UnixNow && r.Status == CancellationPending).ToList())
        {
            request.Decisions["system-" + request.Id] = "approve";
            SetCancellation(shop, request, CancellationSuccess);
            CancelOrderLocked(shop, Order(shop, request.OrderId), request, "BUYER");
            SetCancellation(shop, request, CancellationComplete);
        }

        foreach (var request in shop.Returns.Values.Where(r => r.Deadline <= UnixNow).ToList())
        {
            switch (request.Status)
            {
                case ReturnPending when request.Type == "RETURN_AND_REFUND":
                    SetReturn(shop, request, ReturnAwaitingBuyerShip, null);
                    break;
                case ReturnPending or ReturnBuyerShipped:
                    SetReturn(shop, request, ReturnSuccess, null);
                    SetReturn(shop, request, ReturnComplete, null);
                    break;
                case ReplacementPending:
                    SetReturn(shop, request, ReplacementComplete, null);
                    break;
            }
        }
    }

    // ---------- Open API operations (called by the endpoints inside the lock) ----------

    internal void DecideCancellation(SimShop shop, string cancelId, bool approve, string? idempotencyKey, string? rejectReason)
    {
        var request = Reverse(shop, cancelId, cancellation: true);
        var decision = approve ? "approve" : "reject:" + rejectReason;
        if (Repeated(request, idempotencyKey, decision))
        {
            return;
        }

        if (request.Status != CancellationPending || request.Type != "BUYER_CANCEL")
        {
            throw approve
                ? Refusal(25011012, $"reverse status cannot approve application: the cancellation is {request.Status}")
                : Refusal(25011011, $"reverse status cannot reject application: the cancellation is {request.Status}");
        }

        var order = Order(shop, request.OrderId);
        if (approve && order.Status is not ("ON_HOLD" or "AWAITING_SHIPMENT" or "AWAITING_COLLECTION"))
        {
            throw Refusal(25001045, "The order has already been shipped and we are unable to cancel it.");
        }

        if (!approve && !SimReasons.RejectCancel(shop.Region).Any(r => r.Name == rejectReason))
        {
            throw Refusal(25001014, "Unknown return reason. Please ensure you are passing a valid return reason.");
        }

        Record(request, idempotencyKey, decision);
        if (approve)
        {
            SetCancellation(shop, request, CancellationSuccess);
            CancelOrderLocked(shop, order, request, "BUYER");
            SetCancellation(shop, request, CancellationComplete);
        }
        else
        {
            CloseCancellationLocked(shop, request);
        }
    }

    internal void DecideReturn(SimShop shop, string returnId, bool approve, string? idempotencyKey, string? decision, string? rejectReason, bool? buyerKeepItem)
    {
        var request = Reverse(shop, returnId, cancellation: false);
        if (string.IsNullOrEmpty(decision))
        {
            throw Refusal(25001001, "An invalid request parameter was passed: decision is required.");
        }

        var key = decision + ":" + rejectReason + ":" + buyerKeepItem;
        if (Repeated(request, idempotencyKey, key))
        {
            return;
        }

        var expectedType = decision switch
        {
            "APPROVE_REFUND" or "REJECT_REFUND" => "REFUND",
            "APPROVE_RETURN" or "REJECT_RETURN" or "APPROVE_RECEIVED_PACKAGE" or "REJECT_RECEIVED_PACKAGE" => "RETURN_AND_REFUND",
            "APPROVE_REPLACEMENT" or "REJECT_REPLACEMENT" or "ISSUE_REPLACEMENT_REFUND" => "REPLACEMENT",
            _ => null,
        };
        if (expectedType is null || (approve != decision.StartsWith("APPROVE", StringComparison.Ordinal) && decision != "ISSUE_REPLACEMENT_REFUND"))
        {
            throw Refusal(25001001, $"An invalid request parameter was passed: decision {decision} is not a {(approve ? "approve" : "reject")} decision.");
        }

        if (expectedType != request.Type)
        {
            throw Refusal(25020004, $"decision not match reverse type: {decision} for a {request.Type} request");
        }

        var receiving = decision.EndsWith("RECEIVED_PACKAGE", StringComparison.Ordinal);
        var expectedStatus = receiving ? ReturnBuyerShipped : request.Type == "REPLACEMENT" ? ReplacementPending : ReturnPending;
        if (request.Status != expectedStatus)
        {
            throw receiving && approve
                ? Refusal(25011013, $"reverse status cannot approve receive: the return is {request.Status}")
                : approve ? Refusal(25011012, $"reverse status cannot approve application: the request is {request.Status}")
                : Refusal(25020003, $"decision not match reverse status: the request is {request.Status}");
        }

        if (!approve)
        {
            var reasons = receiving ? SimReasons.RejectReturnParcel(shop.Region)
                : request.Type == "REFUND" ? SimReasons.RejectRefund(shop.Region) : SimReasons.RejectReturnRequest(shop.Region);
            if (!reasons.Any(r => r.Name == rejectReason))
            {
                throw Refusal(25001014, "Unknown return reason. Please ensure you are passing a valid return reason.");
            }
        }

        Record(request, idempotencyKey, key);
        switch (decision)
        {
            case "APPROVE_RETURN" when buyerKeepItem == true:
            case "APPROVE_REFUND" or "APPROVE_RECEIVED_PACKAGE" or "ISSUE_REPLACEMENT_REFUND":
                SetReturn(shop, request, decision == "ISSUE_REPLACEMENT_REFUND" ? "REPLACEMENT_REQUEST_REFUND_SUCCESS" : ReturnSuccess, null);
                if (decision != "ISSUE_REPLACEMENT_REFUND")
                {
                    SetReturn(shop, request, ReturnComplete, null);
                }

                break;
            case "APPROVE_RETURN":
                SetReturn(shop, request, ReturnAwaitingBuyerShip, null);
                break;
            case "APPROVE_REPLACEMENT":
                SetReturn(shop, request, ReplacementComplete, null);
                break;
            case "REJECT_RECEIVED_PACKAGE":
                SetReturn(shop, request, ReturnParcelRejected, null);
                break;
            case "REJECT_REPLACEMENT":
                SetReturn(shop, request, ReplacementRejected, null);
                break;
            default:
                SetReturn(shop, request, ReturnRejected, null);
                break;
        }
    }

    /// <summary>POST /return_refund/202309/cancellations: the seller cancels a paid order, or single lines of it (US, UK: out of stock).</summary>
    internal SimReverse SellerCancel(SimShop shop, string? orderId, IReadOnlyList<string>? lineItemIds, string? reason)
    {
        if (string.IsNullOrEmpty(orderId) || !shop.Orders.TryGetValue(orderId, out var order))
        {
            throw Refusal(25007006, "Order not found.");
        }

        if (string.IsNullOrEmpty(reason) || !SimReasons.AnySellerCancel.Contains(reason))
        {
            throw Refusal(25001014, "Unknown return reason. Please ensure you are passing a valid return reason.");
        }

        switch (order.Status)
        {
            case "CANCELLED":
                throw Refusal(25001011, "A return request is already in process, or the order has already been cancelled.");
            case "IN_TRANSIT" or "DELIVERED":
                throw Refusal(25001045, "The order has already been shipped and we are unable to cancel it.");
            case "COMPLETED":
                throw Refusal(25001051, "Not allowed to return or cancel since order is completed or closed.");
            case "UNPAID":
                throw Refusal(25001021, "Reason not match order status");
        }

        if (!SimReasons.SellerCancel(shop.Region).Any(r => r.Name == reason))
        {
            throw Refusal(25001021, "Reason not match order status");
        }

        var open = order.LineItems.Where(l => l.DisplayStatus != "CANCELLED").ToList();
        var lines = open;
        if (lineItemIds is { Count: > 0 })
        {
            if (shop.Region is not ("US" or "GB") || !reason.Contains("out_of_stock", StringComparison.Ordinal))
            {
                throw Refusal(25005010, "Unable to cancel individual line items within this request.");
            }

            lines = open.Where(l => lineItemIds.Contains(l.Id)).ToList();
            if (lines.Count != lineItemIds.Distinct().Count() || lines.Any(l => l.PackageId is not null))
            {
                throw Refusal(25005011, "The requested line item(s) for return or refund exceeds the limit of the order.");
            }
        }

        var whole = lines.Count == open.Count;
        var request = NewReverse(shop, order, cancellation: true, "CANCEL", CancellationSuccess, "SELLER", reason, lines, whole ? order.Payment.ShippingFee : 0m);
        shop.Cancellations[request.Id] = request;
        NotifyCancellation(shop, request);
        if (whole)
        {
            CancelOrderLocked(shop, order, request, "SELLER");
        }
        else
        {
            foreach (var line in lines)
            {
                line.DisplayStatus = "CANCELLED";
                line.CancelReason = request.ReasonText;
            }

            Touch(order);
            NotifyOrder(shop, order);
        }

        SetCancellation(shop, request, CancellationComplete);
        return request;
    }

    /// <summary>GET /return_refund/202309/reject_reasons: what the seller may give to reject this request now.</summary>
    internal IReadOnlyList<SimReason> RejectReasons(SimShop shop, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw Refusal(25001001, "An invalid request parameter was passed: return_or_cancel_id is required.");
        }

        if (shop.Cancellations.TryGetValue(id, out var cancellation))
        {
            return cancellation.Status == CancellationPending ? SimReasons.RejectCancel(shop.Region) : [];
        }

        var request = Reverse(shop, id, cancellation: false);
        return request.Status switch
        {
            ReturnBuyerShipped => SimReasons.RejectReturnParcel(shop.Region),
            ReturnPending or ReplacementPending => request.Type == "REFUND" ? SimReasons.RejectRefund(shop.Region) : SimReasons.RejectReturnRequest(shop.Region),
            _ => [],
        };
    }

    internal IReadOnlyList<SimReturnRecord> ReturnRecords(SimShop shop, string returnId) => Reverse(shop, returnId, cancellation: false).Records;

    private SimReverse NewReverse(SimShop shop, SimOrder order, bool cancellation, string type, string status, string role, string reason, List<SimLineItem> lines, decimal shipping) => new()
    {
        Id = "4035" + NextId().ToString("D15", CultureInfo.InvariantCulture), OrderId = order.Id, IsCancellation = cancellation, Type = type, Status = status, Role = role,
        Reason = reason, ReasonText = SimReasons.Text(shop.Region, reason), CreateTime = UnixNow, UpdateTime = UnixNow, Currency = order.Payment.Currency, LineItems = lines,
        ShippingRefund = shipping, CanBuyerKeepItem = !cancellation && type == "RETURN_AND_REFUND",
    };

    private SimReverse Reverse(SimShop shop, string id, bool cancellation) =>
        (cancellation ? shop.Cancellations : shop.Returns).TryGetValue(id, out var request)
            ? request
            : throw Refusal(25001001, $"An invalid request parameter was passed: {(cancellation ? "cancellation" : "return")} {id} does not exist.");

    /// <summary>TikTok's idempotency: the same key with the same decision succeeds again without effect; with another decision it is refused.</summary>
    private static bool Repeated(SimReverse request, string? idempotencyKey, string decision)
    {
        if (idempotencyKey is { Length: > 255 })
        {
            throw Refusal(25001001, "An invalid request parameter was passed: idempotency_key has at most 255 characters.");
        }

        if (string.IsNullOrEmpty(idempotencyKey) || !request.Decisions.TryGetValue(idempotencyKey, out var earlier))
        {
            return false;
        }

        return earlier == decision ? true : throw Refusal(25001001, "An invalid request parameter was passed: idempotency_key was used for a different decision.");
    }

    private static void Record(SimReverse request, string? idempotencyKey, string decision)
    {
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            request.Decisions[idempotencyKey] = decision;
        }
    }

    private void CancelOrderLocked(SimShop shop, SimOrder order, SimReverse request, string initiator)
    {
        order.Status = "CANCELLED";
        order.CancelReason = request.ReasonText;
        order.CancellationInitiator = initiator;
        order.IsBuyerRequestCancel = false;
        foreach (var line in order.LineItems)
        {
            line.DisplayStatus = "CANCELLED";
            line.CancelReason ??= request.ReasonText;
        }

        Touch(order);
        NotifyOrder(shop, order);
    }

    private void CloseCancellationLocked(SimShop shop, SimReverse request)
    {
        var order = Order(shop, request.OrderId);
        order.IsBuyerRequestCancel = false;
        Touch(order);
        SetCancellation(shop, request, CancellationClosed);
        NotifyOrder(shop, order);
    }

    private void SetCancellation(SimShop shop, SimReverse request, string status)
    {
        request.Status = status;
        request.NextAction = null;
        request.Deadline = null;
        request.UpdateTime = Math.Max(UnixNow, request.UpdateTime + 1);
        NotifyCancellation(shop, request);
    }

    private void SetReturn(SimShop shop, SimReverse request, string status, string? nextAction)
    {
        request.Status = status;
        request.NextAction = nextAction;
        request.Deadline = nextAction is null ? null : UnixNow + (long)SellerResponseTime.TotalSeconds;
        request.UpdateTime = Math.Max(UnixNow, request.UpdateTime + 1);
        Touch(Order(shop, request.OrderId));
        NotifyReturn(shop, request);
    }

    private void NotifyCancellation(SimShop shop, SimReverse r) =>
        Notify(shop, 11, new { order_id = r.OrderId, cancellations_role = r.Role, cancel_status = r.Status, cancel_id = r.Id, create_time = r.CreateTime });

    private void NotifyReturn(SimShop shop, SimReverse r) =>
        Notify(shop, 12, new { order_id = r.OrderId, return_role = r.Role, return_type = r.Type, return_status = r.Status, return_id = r.Id, create_time = r.CreateTime, update_time = r.UpdateTime });

    private void NotifyOrder(SimShop shop, SimOrder order) =>
        Notify(shop, 1, new { order_id = order.Id, order_status = order.Status, is_on_hold_order = order.IsOnHoldOrder, update_time = order.UpdateTime });

    /// <summary>A refusal in TikTok's envelope (the codes of the return_refund reference).</summary>
    private static SimException Refusal(long code, string message) => new(400, code, message);
}
