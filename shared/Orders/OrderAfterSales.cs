namespace Connector.Orders;

/// <summary>
/// The open cancellation of an order (state <see cref="OrderState.CancellationRequested"/>), the buyer's request or the back
/// office's own cancellation waiting for TikTok (<see cref="Initiator"/> SELLER): TikTok's reason
/// and the seller's response deadline, the state the order had before (restored when the request is rejected or withdrawn),
/// and whether the back office (or the shop's auto-approval) has approved it and waits for TikTok to cancel.
/// </summary>
public sealed record OrderCancellationRequest(
    string? CancelId,
    string? Reason,
    string? ReasonText,
    DateTimeOffset? Deadline,
    DateTimeOffset RequestedAt,
    OrderState StateBefore,
    string StateReasonBefore,
    DateTimeOffset? ApprovedAt = null,
    string? ApprovedBy = null,
    string Initiator = "BUYER");

/// <summary>One after-sales request of an order as the order shows it (details: the after-sales API, shared/AfterSales).</summary>
public sealed record OrderAfterSalesRef(
    string RequestId,
    string Kind,
    string? Type,
    string State,
    string? TikTokStatus,
    DateTimeOffset? Deadline,
    decimal? RefundTotal);

/// <summary>TikTok's refund amount for one SKU of the order (sum of its refunded units).</summary>
public sealed record OrderLineRefund(string Sku, int Quantity, decimal RefundTotal);

/// <summary>
/// The order's after-sales at a glance, kept current by shared/AfterSales: its requests, and TikTok's refund calculation
/// per order and per line (refunded = approved or completed requests; pending = requests still open).
/// </summary>
public sealed record OrderAfterSales(
    IReadOnlyList<OrderAfterSalesRef> Requests,
    string? Currency,
    decimal RefundedTotal,
    decimal PendingRefundTotal,
    IReadOnlyList<OrderLineRefund> RefundedLines);
