using Connector.TikTok.Api;

namespace Connector.Orders;

/// <summary>The per-shop choices that change how orders are imported.</summary>
public sealed record OrderImportSettings
{
    /// <summary>Store ON_HOLD orders (as OnHold, never handed out) instead of waiting until TikTok releases them.</summary>
    public bool ImportOnHoldOrders { get; init; } = true;

    /// <summary>
    /// Import orders TikTok fulfils itself (fulfillment_type FULFILLMENT_BY_TIKTOK); they are stored as Shipped, never ready
    /// to fulfil. TikTok Shipping orders (shipping_type TIKTOK) are not these: the warehouse ships them like any other.
    /// </summary>
    public bool ImportPlatformShippedOrders { get; init; }
}

/// <summary>The outcome of applying a TikTok order to what is stored.</summary>
public abstract record OrderDecision
{
    private OrderDecision()
    {
    }

    /// <summary>Not stored (and not an error), with the reason support sees in "why is this order not here?".</summary>
    public sealed record Skip(string Reason) : OrderDecision;

    /// <summary>Stored is already as new or newer: nothing to write.</summary>
    public sealed record Unchanged : OrderDecision;

    public sealed record Store(StoredOrder Order, bool IsNew, bool NeedsSupportCase) : OrderDecision;
}

/// <summary>
/// The connector state machine. Pure: given TikTok's order, what is stored, the SKUs the merchant's catalog lacks and
/// the shop's settings, it decides what to store.
/// </summary>
public static class OrderRules
{
    /// <summary>The fulfillment_type of orders TikTok fulfils itself (the "platform-shipped" orders).</summary>
    public const string PlatformFulfillmentType = TikTokFulfillmentType.ByTikTok;

    private static readonly HashSet<string> OpenStatuses =
    [
        TikTokOrderStatus.OnHold, TikTokOrderStatus.AwaitingShipment, TikTokOrderStatus.AwaitingCollection, TikTokOrderStatus.PartiallyShipping,
    ];

    public static bool IsOpen(string status) => OpenStatuses.Contains(status);

    /// <summary>
    /// What <see cref="Apply"/> decides from the stored version alone: the stored order is as new as TikTok's or newer, so
    /// there is nothing to write (the import then need not read the order).
    /// </summary>
    public static bool IsUnchanged(OrderVersion stored, TikTokOrder order, int missingSkus) =>
        stored.UpdateTime > order.UpdateTime
        || (stored.UpdateTime == order.UpdateTime && stored.Status == order.Status && stored.Missing == missingSkus);

    public static OrderDecision Apply(
        TikTokOrder order,
        StoredOrder? previous,
        string shopId,
        string merchantId,
        IReadOnlyCollection<string> missingSkus,
        OrderImportSettings settings,
        string source,
        DateTimeOffset now)
    {
        if (previous is not null && IsUnchanged(OrderVersion.Of(previous), order, missingSkus.Count))
        {
            return new OrderDecision.Unchanged();
        }

        // shipping_type TIKTOK is TikTok Shipping (a TikTok label; the seller still ships): only fulfillment_type says TikTok fulfils.
        var platformShipped = string.Equals(order.FulfillmentType, PlatformFulfillmentType, StringComparison.OrdinalIgnoreCase);

        // is_on_hold_order says the order has been OR will be ON_HOLD: it stays true after TikTok releases the order.
        var onHold = order.Status == TikTokOrderStatus.OnHold;
        if (previous is null)
        {
            if (order.Status == TikTokOrderStatus.Unpaid)
            {
                return new OrderDecision.Skip("Unpaid: TikTok shows orders to sellers once they are paid.");
            }

            if (platformShipped && !settings.ImportPlatformShippedOrders)
            {
                return new OrderDecision.Skip("Fulfilled by TikTok (fulfillment_type FULFILLMENT_BY_TIKTOK) and the shop does not import such orders.");
            }

            if (onHold && !settings.ImportOnHoldOrders)
            {
                return new OrderDecision.Skip("On hold at TikTok; the shop imports orders once TikTok releases them.");
            }
        }

        // A buyer's open cancellation request sits on top of the order's own state: decide that state as usual, then apply the request.
        var pending = previous?.CancellationRequest;
        var basis = previous is { State: OrderState.CancellationRequested } && pending is not null
            ? previous with { State = pending.StateBefore, StateReason = pending.StateReasonBefore }
            : previous;
        var (state, reason) = Decide(order, basis, platformShipped, onHold, missingSkus);
        OrderCancellationRequest? cancellation = null;
        if (state is OrderState.Cancelled or OrderState.CancelledAfterRelease && pending?.ApprovedAt is not null)
        {
            // The back office approved the buyer's request itself: it knows, so no "stop the shipment" case.
            (state, reason) = (OrderState.Cancelled, pending.Initiator == "SELLER"
                ? $"Cancelled on TikTok as the back office asked ({pending.Reason})."
                : $"Cancelled on TikTok: the buyer's cancellation request was approved ({pending.ApprovedBy ?? "back office"}).");
        }
        else if (IsOpen(order.Status) && state is OrderState.OnHold or OrderState.Pending or OrderState.ReadyToFulfil or OrderState.Released
                 && (pending is not null || order.IsBuyerRequestCancel))
        {
            cancellation = (pending ?? new OrderCancellationRequest(null, order.CancelReason, null, null, now, state, reason)) with { StateBefore = state, StateReasonBefore = reason };
            (state, reason) = (OrderState.CancellationRequested, Reasons.CancellationRequested(cancellation));
        }

        var stateChanged = previous is null || previous.State != state || previous.StateReason != reason;
        var history = previous?.History ?? [];
        if (stateChanged)
        {
            history = WithHistory(history, now, state, reason);
        }

        var stored = new StoredOrder
        {
            ShopId = shopId,
            OrderId = order.Id,
            MerchantId = merchantId,
            TikTokStatus = order.Status,
            UpdateTime = order.UpdateTime,
            CreateTime = order.CreateTime,
            PaidTime = order.PaidTime,
            Lines = OrderMapper.AggregateLines(order.LineItems),
            Amounts = OrderMapper.Amounts(order.Payment),
            Recipient = OrderMapper.Recipient(order.RecipientAddress),
            BuyerMessage = order.BuyerMessage,
            ShippingType = order.ShippingType,
            FulfillmentType = order.FulfillmentType,
            WarehouseId = order.WarehouseId,
            DeliveryOptionId = order.DeliveryOptionId,
            DeliveryOptionName = order.DeliveryOptionName,
            DeliveryType = order.DeliveryType,
            TrackingNumber = order.TrackingNumber,
            IsOnHold = onHold,
            ShippedByPlatform = platformShipped,
            BuyerRequestedCancel = order.IsBuyerRequestCancel,
            CancelReason = order.CancelReason,
            State = state,
            StateReason = reason,
            MissingSkus = state == OrderState.Pending ? missingSkus.Order(StringComparer.Ordinal).ToArray() : [],
            History = history,
            Source = source,
            ReleasedAt = previous?.ReleasedAt,
            Packages = OrderPackageSync.Merge(previous?.Packages ?? [], order.LineItems),
            Deadlines = OrderDeadlines.From(order),
            AddressChange = previous?.AddressChange,
            CancellationRequest = cancellation,
            AfterSales = previous?.AfterSales,
            ImportedAt = previous?.ImportedAt ?? now,
            UpdatedAt = now,
        };
        var needsCase = state == OrderState.CancelledAfterRelease && previous?.State != OrderState.CancelledAfterRelease;
        return new OrderDecision.Store(stored, previous is null, needsCase);
    }

    /// <summary>A Pending order whose SKUs are now all known becomes ReadyToFulfil.</summary>
    public static StoredOrder? Reevaluate(StoredOrder order, IReadOnlyCollection<string> missingSkus, DateTimeOffset now)
    {
        if (order.State != OrderState.Pending || missingSkus.Count == order.MissingSkus.Count)
        {
            return null;
        }

        var (state, reason) = missingSkus.Count == 0 ? (OrderState.ReadyToFulfil, Reasons.Ready) : (OrderState.Pending, Reasons.Missing(missingSkus));
        return order with
        {
            State = state,
            StateReason = reason,
            MissingSkus = missingSkus.Order(StringComparer.Ordinal).ToArray(),
            History = WithHistory(order.History, now, state, reason),
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// A buyer's cancellation request reached the order (webhook 11 or TikTok's cancellation search): the order becomes
    /// CancellationRequested, so the warehouse sees it before it picks. Null when the order is past that (shipped, cancelled,
    /// completed) or already shows this request.
    /// </summary>
    public static StoredOrder? RequestCancellation(StoredOrder order, string? cancelId, string? reason, string? reasonText, DateTimeOffset? deadline, DateTimeOffset now)
    {
        if (order.State == OrderState.CancellationRequested && order.CancellationRequest is { } current)
        {
            var updated = current with { CancelId = cancelId ?? current.CancelId, Reason = reason ?? current.Reason, ReasonText = reasonText ?? current.ReasonText, Deadline = deadline ?? current.Deadline };
            return updated == current ? null : Change(order, OrderState.CancellationRequested, Reasons.CancellationRequested(updated), now, updated);
        }

        if (order.State is not (OrderState.OnHold or OrderState.Pending or OrderState.ReadyToFulfil or OrderState.Released))
        {
            return null;
        }

        var request = new OrderCancellationRequest(cancelId, reason, reasonText, deadline, now, order.State, order.StateReason);
        return Change(order, OrderState.CancellationRequested, Reasons.CancellationRequested(request), now, request);
    }

    /// <summary>The back office (or the shop's auto-approval) approved the request; the order stays CancellationRequested until TikTok cancels it.</summary>
    public static StoredOrder? CancellationApproved(StoredOrder order, string approvedBy, DateTimeOffset now)
    {
        if (order is not { State: OrderState.CancellationRequested, CancellationRequest: { ApprovedAt: null } request })
        {
            return null;
        }

        var approved = request with { ApprovedAt = now, ApprovedBy = approvedBy };
        return Change(order, OrderState.CancellationRequested, $"Cancellation approved by {approvedBy}; TikTok cancels the order. Do not ship it.", now, approved);
    }

    /// <summary>TikTok did not take the approval (refused or unreachable): the request is open again.</summary>
    public static StoredOrder? CancellationApprovalUndone(StoredOrder order, DateTimeOffset now)
    {
        if (order is not { State: OrderState.CancellationRequested, CancellationRequest: { ApprovedAt: not null, Initiator: "BUYER" } request })
        {
            return null;
        }

        var open = request with { ApprovedAt = null, ApprovedBy = null };
        return Change(order, OrderState.CancellationRequested, Reasons.CancellationRequested(open), now, open);
    }

    /// <summary>
    /// The back office cancels the whole order (e.g. out of stock): until TikTok confirms it is CancellationRequested, so nobody
    /// ships it; when TikTok cancels it the order becomes Cancelled without a "stop the shipment" case (the back office asked).
    /// </summary>
    public static StoredOrder? SellerCancelling(StoredOrder order, string reason, string by, DateTimeOffset now)
    {
        if (order.State is not (OrderState.OnHold or OrderState.Pending or OrderState.ReadyToFulfil or OrderState.Released or OrderState.CancellationRequested))
        {
            return null;
        }

        var (before, beforeReason) = order is { State: OrderState.CancellationRequested, CancellationRequest: { } open } ? (open.StateBefore, open.StateReasonBefore) : (order.State, order.StateReason);
        var request = new OrderCancellationRequest(order.CancellationRequest?.CancelId, reason, null, null, now, before, beforeReason, now, by, "SELLER");
        return Change(order, OrderState.CancellationRequested, $"The back office is cancelling the order ({reason}); waiting for TikTok. Do not ship it.", now, request);
    }

    /// <summary>The request was rejected, withdrawn by the buyer or closed by TikTok: the order goes back to the state it had.</summary>
    public static StoredOrder? CancellationClosed(StoredOrder order, string why, DateTimeOffset now)
    {
        if (order is not { State: OrderState.CancellationRequested, CancellationRequest: { } request })
        {
            return null;
        }

        return Change(order, request.StateBefore, $"{why} {request.StateReasonBefore}".Trim(), now, null);
    }

    /// <summary>
    /// The one way an order changes state outside an import: the new state, its reason, and a line in the order's history
    /// (none when neither changes).
    /// </summary>
    public static StoredOrder MoveTo(StoredOrder order, OrderState state, string reason, DateTimeOffset now) =>
        order.State == state && order.StateReason == reason ? order : order with
        {
            State = state,
            StateReason = reason,
            UpdatedAt = now,
            History = WithHistory(order.History, now, state, reason),
        };

    /// <summary>
    /// The order after its packages changed (a shipment pushed, a label bought, TikTok's package update): with every unit
    /// in a package, a ReadyToFulfil or Released order is Shipped (<paramref name="shippedReason"/>); when
    /// <paramref name="reopenedReason"/> is given (TikTok cancelled a package), a Shipped order that no longer has every
    /// unit in a package goes back to Released, or ReadyToFulfil if the back office never took it.
    /// </summary>
    public static StoredOrder AfterPackagesChanged(StoredOrder order, string shippedReason, string? reopenedReason, DateTimeOffset now)
    {
        if (reopenedReason is not null && order.State == OrderState.Shipped && !order.IsFullyShipped)
        {
            return MoveTo(order, order.ReleasedAt is not null ? OrderState.Released : OrderState.ReadyToFulfil, reopenedReason, now);
        }

        return order.IsFullyShipped && order.State is OrderState.ReadyToFulfil or OrderState.Released
            ? MoveTo(order, OrderState.Shipped, shippedReason, now)
            : order;
    }

    private static StoredOrder Change(StoredOrder order, OrderState state, string reason, DateTimeOffset now, OrderCancellationRequest? request) => order with
    {
        State = state,
        StateReason = reason,
        CancellationRequest = request,
        UpdatedAt = now,
        History = order.State == state && order.StateReason == reason
            ? order.History
            : WithHistory(order.History, now, state, reason),
    };

    private static (OrderState State, string Reason) Decide(TikTokOrder order, StoredOrder? previous, bool platformShipped, bool onHold, IReadOnlyCollection<string> missingSkus)
    {
        var released = previous?.State is OrderState.Released or OrderState.CancelledAfterRelease;
        switch (order.Status)
        {
            case TikTokOrderStatus.Cancelled:
                return released
                    ? (OrderState.CancelledAfterRelease, "Cancelled on TikTok after the back office took it: stop the shipment.")
                    : (OrderState.Cancelled, "Cancelled on TikTok" + (string.IsNullOrEmpty(order.CancelReason) ? "." : $": {order.CancelReason}."));
            case TikTokOrderStatus.Completed:
                return (OrderState.Completed, "Completed on TikTok.");
            case TikTokOrderStatus.InTransit or TikTokOrderStatus.Delivered:
                return (OrderState.Shipped, platformShipped ? Reasons.PlatformShipped : $"{order.Status} on TikTok.");
        }

        if (platformShipped)
        {
            return (OrderState.Shipped, Reasons.PlatformShipped);
        }

        if (previous?.State is OrderState.Released or OrderState.Shipped)
        {
            return (previous.State, previous.StateReason);
        }

        if (onHold)
        {
            return (OrderState.OnHold, "On hold at TikTok (about an hour after purchase); the buyer may still change or cancel it.");
        }

        return missingSkus.Count > 0 ? (OrderState.Pending, Reasons.Missing(missingSkus)) : (OrderState.ReadyToFulfil, Reasons.Ready);
    }

    private static class Reasons
    {
        public const string Ready = "Every SKU is in the merchant's catalog.";
        public const string PlatformShipped = "Fulfilled by TikTok (FULFILLMENT_BY_TIKTOK): nothing to fulfil.";

        public static string CancellationRequested(OrderCancellationRequest request) =>
            "The buyer asked to cancel" + ((request.ReasonText ?? request.Reason) is { Length: > 0 } why ? $" ({why})" : "")
            + (request.Deadline is { } deadline ? $"; answer by {deadline:u} or TikTok decides" : "")
            + ". Do not pick or ship until the request is answered.";

        public static string Missing(IEnumerable<string> skus) => "SKUs missing from the merchant's catalog: " + string.Join(", ", skus.Order(StringComparer.Ordinal));
    }

    /// <summary>The history with one more state change, keeping the last <see cref="StoredOrder.HistoryLimit"/>.</summary>
    private static OrderStateChange[] WithHistory(IEnumerable<OrderStateChange> history, DateTimeOffset now, OrderState state, string reason) =>
        history.Append(new OrderStateChange(now, state, reason)).TakeLast(StoredOrder.HistoryLimit).ToArray();
}
