using System.Globalization;
using Connector.Http;
using Connector.Orders;
using Connector.Shops;
using Connector.TikTok.Api;

namespace Connector.AfterSales;

/// <summary>
/// The after-sales rules, pure: TikTok's cancellations and returns as the connector keeps them (state, deadline, lines,
/// refunds), which answers a request allows and the <c>decision</c> TikTok expects for each, the shop's auto-approval of buyer
/// cancellations, and an order's after-sales summary.
/// </summary>
public static class AfterSalesRules
{
    public const string AutoApprover = "auto-approval (shop setting afterSales.autoApproveBuyerCancellations)";

    /// <summary>TikTok's cancellation as stored; null when <paramref name="previous"/> is newer (an older version never overwrites a newer one).</summary>
    public static AfterSalesRequest? FromCancellation(TikTokCancellation c, AfterSalesRequest? previous, string merchantId, string shopId, string source, DateTimeOffset now)
    {
        if (previous is not null && previous.UpdateTime > c.UpdateTime)
        {
            return null;
        }

        var (action, deadline) = NextAction(c.SellerNextActionResponse);
        var lines = Lines(c.CancelLineItems.Select(l => new LineItem(l.OrderLineItemId, l.SkuId, l.SellerSku, l.ProductName, l.SkuName, l.RefundAmount?.RefundTotal)));
        var draft = new AfterSalesRequest
        {
            MerchantId = merchantId, ShopId = shopId, OrderId = c.OrderId, RequestId = c.CancelId, Kind = AfterSalesKind.Cancellation,
            Type = c.CancelType, Role = c.Role, TikTokStatus = c.CancelStatus ?? "", State = AfterSalesState.Requested,
            Reason = c.CancelReason, ReasonText = c.CancelReasonText, NextAction = action, Deadline = deadline,
            Lines = lines, Refund = Refund(c.RefundAmount), CreateTime = c.CreateTime, UpdateTime = c.UpdateTime,
        };
        var state = CancellationState(draft, previous);
        return Merge(draft with { State = state, StateReason = CancellationReason(draft, state) }, previous, source, now);
    }

    /// <summary>TikTok's return (with its records: the buyer's evidence) as stored; null when <paramref name="previous"/> is newer.</summary>
    public static AfterSalesRequest? FromReturn(TikTokReturn r, IReadOnlyList<TikTokReturnRecord>? records, AfterSalesRequest? previous, string merchantId, string shopId,
        string source, DateTimeOffset now)
    {
        if (previous is not null && previous.UpdateTime > r.UpdateTime)
        {
            return null;
        }

        var (action, deadline) = NextAction(r.SellerNextActionResponse);
        var lines = Lines(r.ReturnLineItems.Select(l => new LineItem(l.OrderLineItemId, l.SkuId, l.SellerSku, l.ProductName, l.SkuName, l.RefundAmount?.RefundTotal)));
        var evidence = records is null
            ? previous?.Evidence ?? []
            : records.SelectMany(e => e.Images.Where(i => !string.IsNullOrEmpty(i.Url)).Select(i => new AfterSalesEvidence("image", i.Url!, e.Role, e.Event, e.Note, TikTokTime.FromUnix(e.CreateTime)))
                    .Concat(e.Videos.Where(v => !string.IsNullOrEmpty(v.Url)).Select(v => new AfterSalesEvidence("video", v.Url!, e.Role, e.Event, e.Note, TikTokTime.FromUnix(e.CreateTime)))))
                .ToArray();
        var shipment = r.ReturnTrackingNumber is null && r.ShipmentType is null && r.ReturnMethod is null && r.ReturnWarehouseAddress is null
            ? null
            : new AfterSalesReturnShipment(Blank(r.ReturnTrackingNumber), Blank(r.ReturnProviderName), Blank(r.ReturnProviderId), r.ShipmentType, r.HandoverMethod, r.ReturnMethod,
                r.ReturnWarehouseAddress?.FullAddress);
        var draft = new AfterSalesRequest
        {
            MerchantId = merchantId, ShopId = shopId, OrderId = r.OrderId, RequestId = r.ReturnId, Kind = AfterSalesKind.Return,
            Type = r.ReturnType, Role = r.Role, TikTokStatus = r.ReturnStatus ?? "", State = AfterSalesState.Requested,
            Reason = r.ReturnReason, ReasonText = r.ReturnReasonText, NextAction = action, Deadline = deadline, ArbitrationStatus = r.ArbitrationStatus,
            CanBuyerKeepItem = r.CanBuyerKeepItem, Lines = lines, Refund = Refund(r.RefundAmount), ReturnShipment = shipment, Evidence = evidence,
            CreateTime = r.CreateTime, UpdateTime = r.UpdateTime,
        };
        var state = ReturnState(draft);
        return Merge(draft with { State = state, StateReason = ReturnReason(draft, state) }, previous, source, now);
    }

    /// <summary>Why <paramref name="action"/> cannot be taken now, or null when it can.</summary>
    public static string? WhyNot(AfterSalesRequest request, AfterSalesAction action)
    {
        var allowed = Allowed(request);
        if (allowed.Contains(action))
        {
            return null;
        }

        var last = request.Decisions.LastOrDefault();
        var done = last is null ? "" : $" It was answered before: {last.Action} ({last.Decision}) by {last.By} at {last.At:u}.";
        return allowed.Count == 0
            ? $"{Describe(request)} is {request.State} (TikTok status {request.TikTokStatus}): there is nothing to answer.{done}"
            : $"{Describe(request)} is {request.State} (TikTok status {request.TikTokStatus}): it can be answered with {string.Join(" or ", allowed)}, not {action}.{done}";
    }

    /// <summary>The answers a request allows now.</summary>
    public static IReadOnlyList<AfterSalesAction> Allowed(AfterSalesRequest request) => (request.Kind, request.State) switch
    {
        (AfterSalesKind.Cancellation, AfterSalesState.Requested) when IsBuyerRequest(request) => [AfterSalesAction.Approve, AfterSalesAction.Reject],
        (AfterSalesKind.Return, AfterSalesState.Requested) => [AfterSalesAction.Approve, AfterSalesAction.Reject],
        (AfterSalesKind.Return, AfterSalesState.ReturnShipped) => [AfterSalesAction.Receive, AfterSalesAction.Reject],
        _ => [],
    };

    /// <summary>The <c>decision</c> TikTok expects for an answer to a return (approve-return / reject-return); null for cancellations.</summary>
    public static string? ReturnDecision(AfterSalesRequest request, AfterSalesAction action) => (request.State, action, request.Type) switch
    {
        (AfterSalesState.ReturnShipped, AfterSalesAction.Receive or AfterSalesAction.Approve, _) => TikTokReturnDecision.ApproveReceivedPackage,
        (AfterSalesState.ReturnShipped, AfterSalesAction.Reject, _) => TikTokReturnDecision.RejectReceivedPackage,
        (_, AfterSalesAction.Approve, TikTokReturnType.Refund) => TikTokReturnDecision.ApproveRefund,
        (_, AfterSalesAction.Approve, TikTokReturnType.Replacement) => TikTokReturnDecision.ApproveReplacement,
        (_, AfterSalesAction.Approve, _) => TikTokReturnDecision.ApproveReturn,
        (_, AfterSalesAction.Reject, TikTokReturnType.Refund) => TikTokReturnDecision.RejectRefund,
        (_, AfterSalesAction.Reject, TikTokReturnType.Replacement) => TikTokReturnDecision.RejectReplacement,
        (_, AfterSalesAction.Reject, _) => TikTokReturnDecision.RejectReturn,
        _ => null,
    };

    /// <summary>
    /// The shop approves a buyer's cancellation by itself only when the setting is on (default) and the back office has not
    /// taken the order yet; a released order always waits for the back office.
    /// </summary>
    public static bool ShouldAutoApprove(AfterSalesRequest request, StoredOrder? order, AfterSalesSettings settings)
    {
        if (!settings.AutoApproveBuyerCancellations || request.Kind != AfterSalesKind.Cancellation || request.State != AfterSalesState.Requested
            || !IsBuyerRequest(request) || request.Decisions.Count > 0 || order is null)
        {
            return false;
        }

        var before = order.State == OrderState.CancellationRequested ? order.CancellationRequest?.StateBefore : order.State;
        return order.ReleasedAt is null && order.CancellationRequest?.ApprovedAt is null
            && before is OrderState.OnHold or OrderState.Pending or OrderState.ReadyToFulfil;
    }

    /// <summary>A request waiting for the seller whose deadline is within <paramref name="warning"/> (or past).</summary>
    public static bool NearDeadline(AfterSalesRequest request, DateTimeOffset now, TimeSpan warning) =>
        request.AwaitsSeller && request.Deadline is { } deadline && NearDeadline(deadline, now, warning);

    /// <summary>A deadline within the warning of now (or past it).</summary>
    public static bool NearDeadline(DateTimeOffset deadline, DateTimeOffset now, TimeSpan warning) => deadline - now <= warning;

    /// <summary>The order's after-sales summary: its requests and TikTok's refunds, per order and per SKU.</summary>
    public static OrderAfterSales Summarize(IEnumerable<AfterSalesRequest> requests)
    {
        var list = requests.OrderBy(r => r.CreateTime).ThenBy(r => r.RequestId, StringComparer.Ordinal).ToArray();
        var refunded = list.Where(IsRefunded).ToArray();
        var pending = list.Where(r => r.State is AfterSalesState.Requested or AfterSalesState.AwaitingBuyerReturn or AfterSalesState.ReturnShipped or AfterSalesState.AwaitingBuyerResponse
            && r.Type != TikTokReturnType.Replacement);
        return new OrderAfterSales(
            list.Select(r => new OrderAfterSalesRef(r.RequestId, r.Kind.ToString(), r.Type, r.State.ToString(), r.TikTokStatus, r.Deadline, r.Refund?.Total)).ToArray(),
            list.Select(r => r.Refund?.Currency).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            refunded.Sum(r => r.Refund?.Total ?? 0m),
            pending.Sum(r => r.Refund?.Total ?? 0m),
            refunded.SelectMany(r => r.Lines).GroupBy(l => l.Sku, StringComparer.Ordinal)
                .Select(g => new OrderLineRefund(g.Key, g.Sum(l => l.Quantity), g.Sum(l => l.RefundTotal ?? 0m)))
                .OrderBy(l => l.Sku, StringComparer.Ordinal).ToArray());
    }

    public static string Describe(AfterSalesRequest r) => r.Kind == AfterSalesKind.Cancellation
        ? $"Cancellation {r.RequestId} of order {r.OrderId}"
        : $"{(r.Type == TikTokReturnType.Refund ? "Refund request" : r.Type == TikTokReturnType.Replacement ? "Replacement request" : "Return")} {r.RequestId} of order {r.OrderId}";

    public static bool IsBuyerRequest(AfterSalesRequest r) =>
        string.Equals(r.Type, TikTokCancelType.BuyerCancel, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Role, "BUYER", StringComparison.OrdinalIgnoreCase);

    private static bool IsRefunded(AfterSalesRequest r) => r.State is AfterSalesState.Approved or AfterSalesState.Completed
        && (r.Type != TikTokReturnType.Replacement || r.TikTokStatus == TikTokReturnStatus.ReplacementRefundSuccess);

    private static AfterSalesState CancellationState(AfterSalesRequest c, AfterSalesRequest? previous) => c.TikTokStatus switch
    {
        TikTokCancelStatus.Pending => IsBuyerRequest(c) ? AfterSalesState.Requested : AfterSalesState.Approved,
        TikTokCancelStatus.Success => AfterSalesState.Approved,
        TikTokCancelStatus.Complete => AfterSalesState.Completed,
        TikTokCancelStatus.Cancelled or TikTokCancelStatus.CancelledFilterSpelling =>
            previous?.Decisions.LastOrDefault()?.Action == AfterSalesAction.Reject ? AfterSalesState.Rejected : AfterSalesState.Closed,
        _ => c.NextAction is null ? AfterSalesState.Closed : AfterSalesState.Requested,
    };

    private static AfterSalesState ReturnState(AfterSalesRequest r) => r.TikTokStatus switch
    {
        TikTokReturnStatus.Pending or TikTokReturnStatus.ReplacementPending => AfterSalesState.Requested,
        TikTokReturnStatus.AwaitingBuyerShip => AfterSalesState.AwaitingBuyerReturn,
        TikTokReturnStatus.BuyerShippedItem => AfterSalesState.ReturnShipped,
        TikTokReturnStatus.AwaitingBuyerResponse => AfterSalesState.AwaitingBuyerResponse,
        TikTokReturnStatus.Success => AfterSalesState.Approved,
        TikTokReturnStatus.Rejected or TikTokReturnStatus.RejectReceivePackage or TikTokReturnStatus.ReplacementRejected => AfterSalesState.Rejected,
        TikTokReturnStatus.Cancelled or TikTokReturnStatus.ReplacementCancelled or "RETURN_OR_REFUND__REQUEST_CANCELLED" => AfterSalesState.Closed,
        TikTokReturnStatus.Complete or TikTokReturnStatus.ReplacementComplete or TikTokReturnStatus.ReplacementRefundSuccess => AfterSalesState.Completed,
        _ => r.NextAction is null ? AfterSalesState.Closed : AfterSalesState.Requested,
    };

    private static string CancellationReason(AfterSalesRequest c, AfterSalesState state)
    {
        var why = Why(c);
        var who = c.Role?.ToUpperInvariant() switch
        {
            "SELLER" => "the seller",
            "SYSTEM" => "TikTok",
            "OPERATOR" => "TikTok's customer service",
            _ => "the buyer",
        };
        return state switch
        {
            AfterSalesState.Requested => $"The buyer asked to cancel order {c.OrderId}{why}. Approve or reject{By(c)}; after the deadline TikTok decides (usually it cancels).",
            AfterSalesState.Approved => $"Cancellation of order {c.OrderId} by {who} accepted{why}: TikTok cancels the order and refunds the buyer.",
            AfterSalesState.Completed => $"Order {c.OrderId} cancelled by {who}{why} and the buyer refunded.",
            AfterSalesState.Rejected => $"The seller rejected the buyer's cancellation of order {c.OrderId}: the order goes on.",
            _ => $"The cancellation request of order {c.OrderId} was withdrawn or closed: the order goes on.",
        };
    }

    private static string ReturnReason(AfterSalesRequest r, AfterSalesState state)
    {
        var why = Why(r);
        var units = r.Lines.Sum(l => l.Quantity);
        var amount = Money(r.Refund);
        var what = r.Type switch
        {
            TikTokReturnType.Refund => $"a refund without return{amount}",
            TikTokReturnType.Replacement => $"a replacement of {units} unit(s)",
            _ => $"to return {units} unit(s){amount}",
        };
        var tracking = r.ReturnShipment is { TrackingNumber: { } number } s ? $" ({s.Carrier ?? "carrier"} {number})" : "";
        return state switch
        {
            AfterSalesState.Requested => $"The buyer asks for {what} on order {r.OrderId}{why}. Approve or reject{By(r)}; after the deadline TikTok decides.",
            AfterSalesState.AwaitingBuyerReturn => $"Return approved: waiting for the buyer to send {units} unit(s) back{tracking}.",
            AfterSalesState.ReturnShipped => $"The buyer sent the parcel back{tracking}. When it arrives, inspect it and mark it received (the buyer is refunded) or reject it{By(r)}.",
            AfterSalesState.AwaitingBuyerResponse => "The seller offered another solution (e.g. a partial refund): waiting for the buyer.",
            AfterSalesState.Approved => r.Type == TikTokReturnType.Replacement ? "Replacement approved." : $"Refund approved: TikTok refunds the buyer{amount}.",
            AfterSalesState.Completed => r.Type == TikTokReturnType.Replacement && r.TikTokStatus != TikTokReturnStatus.ReplacementRefundSuccess
                ? "Replacement approved: TikTok creates a new order to fulfil."
                : $"Done: the buyer was refunded{amount}.",
            AfterSalesState.Rejected => $"Rejected by the seller{(r.TikTokStatus == TikTokReturnStatus.RejectReceivePackage ? " after inspecting the returned parcel" : "")}; the buyer may appeal to TikTok"
                + (r.ArbitrationStatus is { Length: > 0 } a ? $" (arbitration {a})." : "."),
            _ => "Closed without a refund: withdrawn by the buyer or closed by TikTok.",
        };
    }

    private static AfterSalesRequest Merge(AfterSalesRequest incoming, AfterSalesRequest? previous, string source, DateTimeOffset now)
    {
        var history = previous?.History ?? [];
        if (previous is null || previous.State != incoming.State || previous.TikTokStatus != incoming.TikTokStatus)
        {
            history = history.Append(new AfterSalesStateChange(now, incoming.State, incoming.TikTokStatus)).TakeLast(AfterSalesRequest.HistoryLimit).ToArray();
        }

        return incoming with
        {
            Evidence = incoming.Evidence.Count > 0 ? incoming.Evidence : previous?.Evidence ?? [],
            Decisions = previous?.Decisions ?? [],
            History = history,
            Source = source,
            ReceivedAt = previous?.ReceivedAt ?? now,
            UpdatedAt = now,
        };
    }

    private sealed record LineItem(string OrderLineItemId, string? SkuId, string? SellerSku, string? ProductName, string? SkuName, decimal? Refund);

    private static IReadOnlyList<AfterSalesLine> Lines(IEnumerable<LineItem> items) =>
        items.GroupBy(i => (Sku: string.IsNullOrWhiteSpace(i.SellerSku) ? OrderMapper.UnknownSku : i.SellerSku.Trim(), i.SkuId))
            .Select(g =>
            {
                var first = g.First();
                var refunds = g.Select(i => i.Refund).ToArray();
                return new AfterSalesLine(g.Key.Sku, g.Key.SkuId, first.ProductName, first.SkuName, g.Count(), g.Select(i => i.OrderLineItemId).ToArray(),
                    refunds.All(x => x is null) ? null : refunds.Sum(x => x ?? 0m));
            })
            .OrderBy(l => l.Sku, StringComparer.Ordinal)
            .ToArray();

    private static (string? Action, DateTimeOffset? Deadline) NextAction(IReadOnlyList<TikTokNextAction> actions)
    {
        var next = actions.Where(a => a.Deadline is > 0 || !string.IsNullOrEmpty(a.Action)).OrderBy(a => a.Deadline ?? long.MaxValue).FirstOrDefault();
        return (next?.Action, next?.Deadline is > 0 and { } d ? TikTokTime.FromUnix(d) : null);
    }

    private static AfterSalesRefund? Refund(TikTokRefundAmount? a) => a is null
        ? null
        : new AfterSalesRefund(a.Currency, a.RefundTotal, a.RefundSubtotal, a.RefundShippingFee, a.RefundTax, a.RetailDeliveryFee, a.BuyerServiceFee);

    private static string Why(AfterSalesRequest r) => (r.ReasonText ?? r.Reason) is { Length: > 0 } why ? $" ({why})" : "";

    private static string By(AfterSalesRequest r) => r.Deadline is { } d ? $" by {d:u}" : "";

    private static string Money(AfterSalesRefund? refund) => refund?.Total is { } total
        ? $" of {total.ToString("0.00", CultureInfo.InvariantCulture)}{(refund.Currency is { Length: > 0 } c ? " " + c : "")}"
        : "";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// Why the seller may not cancel <paramref name="order"/> (or these units of it) as asked, before TikTok is called:
    /// the shop's authorization, the order's state, TikTok's seller cancel reasons for its market and status, and (for
    /// single lines) whether the market allows it and the units are there to cancel. Null: ask TikTok.
    /// </summary>
    public static Refusal? WhyNotCancel(ShopRecord shop, StoredOrder order, SellerCancelInput input)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(input);
        if (shop.Status == ShopStatus.ReauthorizationRequired)
        {
            return Refusal.Conflict($"Shop {shop.ShopId} needs the seller to authorize the connector again before orders can be cancelled on TikTok.");
        }

        if (order.State is OrderState.Cancelled or OrderState.CancelledAfterRelease)
        {
            return Refusal.Conflict($"Order {order.OrderId} is cancelled already ({order.StateReason}).");
        }

        if (order.State is OrderState.Shipped or OrderState.Completed || !SellerCancelReasons.CancellableStatuses.Contains(order.TikTokStatus))
        {
            return Refusal.Conflict($"Order {order.OrderId} is {order.State} (TikTok status {order.TikTokStatus}): TikTok lets a seller cancel only orders not yet shipped "
                + "(ON_HOLD, AWAITING_SHIPMENT, AWAITING_COLLECTION). Once shipped, the buyer asks for a refund or return instead.");
        }

        if (order is { State: OrderState.CancellationRequested, CancellationRequest.Initiator: "SELLER" })
        {
            return Refusal.Conflict($"Order {order.OrderId} is being cancelled already ({order.StateReason}).");
        }

        var offered = SellerCancelReasons.For(shop.Region, order.TikTokStatus);
        if (!offered.Any(r => r.Name == input.Reason))
        {
            return AfterSalesRefusals.Unprocessable(
                $"'{input.Reason}' is not a seller cancel reason TikTok offers for a {SellerCancelReasons.Market(shop.Region)} order in status {order.TikTokStatus}. Use one of: "
                + string.Join(", ", offered.Select(r => $"{r.Name} ({r.Text})")) + ".",
                "reason", "not one of TikTok's seller cancel reasons for this order (GET .../cancel-reasons)");
        }

        var partial = input.Lines is not null;
        if (partial && !SellerCancelReasons.AllowsPartial(shop.Region, input.Reason))
        {
            return AfterSalesRefusals.Unprocessable(
                $"TikTok lets sellers cancel single lines only in the US and the UK, for items out of stock; shop {shop.ShopId} is {shop.Region} and the reason is {input.Reason}. Cancel the whole order (\"lines\": \"all\").",
                "lines", "partial cancellation is not allowed here");
        }

        if (partial)
        {
            var problems = input.Lines!.Where(l => order.Units(l.Sku) - order.ShippedUnits(l.Sku) < l.Quantity)
                .Select(l => order.Units(l.Sku) == 0 ? $"{l.Sku}: not in order {order.OrderId} (or cancelled already)" : $"{l.Sku}: {l.Quantity} asked, {Math.Max(0, order.Units(l.Sku) - order.ShippedUnits(l.Sku))} left to cancel")
                .ToArray();
            if (problems.Length > 0)
            {
                return AfterSalesRefusals.Unprocessable($"Order {order.OrderId} cannot have these units cancelled: {string.Join("; ", problems)}.", "lines", problems);
            }
        }

        return null;
    }
}
