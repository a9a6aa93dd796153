using System.Text.Json.Serialization;
using Connector.TikTok.Json;

namespace Connector.TikTok.Api;

// TikTok's return_refund API (../shared/tiktok-reference/api-reference/return-and-refund/): cancellations, returns, refunds.
// Field names are TikTok's (snake_case on the wire); amounts are exact decimals read from TikTok's strings.

/// <summary>Body of POST /return_refund/202309/cancellations/search (search-cancellations.spec.json).</summary>
public sealed record TikTokCancellationSearch
{
    public IReadOnlyList<string>? CancelIds { get; set; }
    public IReadOnlyList<string>? OrderIds { get; set; }

    /// <summary><see cref="TikTokCancelType"/> values.</summary>
    public IReadOnlyList<string>? CancelTypes { get; set; }

    /// <summary><see cref="TikTokCancelStatus"/> values.</summary>
    public IReadOnlyList<string>? CancelStatus { get; set; }
    public long? CreateTimeGe { get; set; }
    public long? CreateTimeLt { get; set; }
    public long? UpdateTimeGe { get; set; }
    public long? UpdateTimeLt { get; set; }

    /// <summary>BCP-47 locale of the reason texts (TikTok's default en-US).</summary>
    public string? Locale { get; set; }
}

/// <summary>Body of POST /return_refund/202309/returns/search (search-returns.spec.json).</summary>
public sealed record TikTokReturnSearch
{
    public IReadOnlyList<string>? ReturnIds { get; set; }
    public IReadOnlyList<string>? OrderIds { get; set; }

    /// <summary><see cref="TikTokReturnType"/> values.</summary>
    public IReadOnlyList<string>? ReturnTypes { get; set; }

    /// <summary><see cref="TikTokReturnStatus"/> values.</summary>
    public IReadOnlyList<string>? ReturnStatus { get; set; }
    public long? CreateTimeGe { get; set; }
    public long? CreateTimeLt { get; set; }
    public long? UpdateTimeGe { get; set; }
    public long? UpdateTimeLt { get; set; }
    public string? Locale { get; set; }
}

public sealed record TikTokCancellationPage : TikTokPage
{
    public IReadOnlyList<TikTokCancellation> Cancellations { get; set; } = [];
}

public sealed record TikTokReturnPage : TikTokPage
{
    public IReadOnlyList<TikTokReturn> ReturnOrders { get; set; } = [];
}

/// <summary>What the seller must do next and by when (Unix seconds); TikTok decides on its own after the deadline.</summary>
public sealed record TikTokNextAction
{
    /// <summary>SELLER_RESPOND_CANCEL, SELLER_RESPOND_REFUND, SELLER_RESPOND_RETURN, SELLER_RESPOND_RECEIVE_PACKAGE, SELLER_RESPOND_REPLACEMENT.</summary>
    public string? Action { get; set; }
    public long? Deadline { get; set; }
}

/// <summary>TikTok's refund calculation (order level or one line).</summary>
public sealed record TikTokRefundAmount
{
    public string? Currency { get; set; }
    public decimal? RefundTotal { get; set; }
    public decimal? RefundSubtotal { get; set; }
    public decimal? RefundShippingFee { get; set; }
    public decimal? RefundTax { get; set; }
    public decimal? RetailDeliveryFee { get; set; }
    public decimal? BuyerServiceFee { get; set; }
}

public sealed record TikTokImage
{
    public string? Url { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
}

/// <summary>What a cancellation and a return have in common: the order, who asked, when, what the seller must do next and the refund.</summary>
public abstract record TikTokAfterSalesRequest
{
    public string OrderId { get; set; } = "";

    /// <summary>BUYER, SELLER, SYSTEM (or OPERATOR).</summary>
    public string? Role { get; set; }
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public IReadOnlyList<TikTokNextAction> SellerNextActionResponse { get; set; } = [];
    public TikTokRefundAmount? RefundAmount { get; set; }
}

/// <summary>A line of a cancellation or a return: the order line, its SKU and its refund.</summary>
public abstract record TikTokAfterSalesLineItem
{
    public string OrderLineItemId { get; set; } = "";
    public string? SkuId { get; set; }
    public string? SkuName { get; set; }
    public string? ProductName { get; set; }
    public string? SellerSku { get; set; }
    public TikTokImage? ProductImage { get; set; }
    public TikTokRefundAmount? RefundAmount { get; set; }
}

/// <summary>A buyer's cancellation request, or a seller / system / operator cancellation.</summary>
public sealed record TikTokCancellation : TikTokAfterSalesRequest
{
    public string CancelId { get; set; } = "";

    /// <summary><see cref="TikTokCancelType"/>: BUYER_CANCEL needs the seller's answer; CANCEL is direct.</summary>
    public string? CancelType { get; set; }
    public string? CancelStatus { get; set; }
    public string? CancelReason { get; set; }
    public string? CancelReasonText { get; set; }
    public IReadOnlyList<TikTokCancelLineItem> CancelLineItems { get; set; } = [];
}

public sealed record TikTokCancelLineItem : TikTokAfterSalesLineItem
{
    public string? CancelLineItemId { get; set; }
}

/// <summary>A return, refund-only or replacement request.</summary>
public sealed record TikTokReturn : TikTokAfterSalesRequest
{
    public string ReturnId { get; set; } = "";

    /// <summary><see cref="TikTokReturnType"/>.</summary>
    public string? ReturnType { get; set; }

    /// <summary><see cref="TikTokReturnStatus"/>.</summary>
    public string? ReturnStatus { get; set; }

    /// <summary>IN_PROGRESS, SUPPORT_BUYER, SUPPORT_SELLER, CLOSED.</summary>
    public string? ArbitrationStatus { get; set; }
    public string? ReturnReason { get; set; }
    public string? ReturnReasonText { get; set; }

    /// <summary>PLATFORM or BUYER_ARRANGE.</summary>
    public string? ShipmentType { get; set; }

    /// <summary>DROP_OFF or PICKUP.</summary>
    public string? HandoverMethod { get; set; }
    public string? ReturnTrackingNumber { get; set; }
    public string? ReturnProviderName { get; set; }
    public string? ReturnProviderId { get; set; }
    public string? PreReturnId { get; set; }
    public string? NextReturnId { get; set; }

    [JsonConverter(typeof(TikTokLenientBoolConverter))]
    public bool? CanBuyerKeepItem { get; set; }
    public IReadOnlyList<TikTokReturnLineItem> ReturnLineItems { get; set; } = [];
    public IReadOnlyList<TikTokReturnDiscount> DiscountAmount { get; set; } = [];
    public IReadOnlyList<TikTokReturnShippingFee> ShippingFeeAmount { get; set; } = [];
    public string? ReturnShippingDocumentType { get; set; }

    /// <summary>SELLER_SHIPPED, BUYER_SHIPPED, PLATFORM_SHIPPED.</summary>
    public string? ReturnMethod { get; set; }

    /// <summary>A boolean that TikTok's own example sends as the string <c>"true "</c>: read leniently.</summary>
    [JsonConverter(typeof(TikTokLenientBoolConverter))]
    public bool? IsCombinedReturn { get; set; }
    public string? CombinedReturnId { get; set; }
    public string? SellerProposedReturnType { get; set; }
    public TikTokPartialRefund? PartialRefund { get; set; }

    [JsonConverter(typeof(TikTokLenientBoolConverter))]
    public bool? BuyerRejectedPartialRefund { get; set; }
    public TikTokAddressText? ReturnWarehouseAddress { get; set; }
}

public sealed record TikTokReturnLineItem : TikTokAfterSalesLineItem
{
    public string? ReturnLineItemId { get; set; }
}

public sealed record TikTokReturnDiscount
{
    public string? Currency { get; set; }
    public decimal? ProductSellerDiscount { get; set; }
    public decimal? ShippingFeePlatformDiscount { get; set; }
    public decimal? ShippingFeeSellerDiscount { get; set; }
    public decimal? ProductPlatformDiscount { get; set; }
}

public sealed record TikTokReturnShippingFee
{
    public string? Currency { get; set; }
    public decimal? SellerPaidReturnShippingFee { get; set; }
    public decimal? PlatformPaidReturnShippingFee { get; set; }
    public decimal? BuyerPaidReturnShippingFee { get; set; }
}

public sealed record TikTokPartialRefund
{
    public string? Currency { get; set; }
    public decimal? Amount { get; set; }
}

public sealed record TikTokAddressText
{
    public string? FullAddress { get; set; }
}

/// <summary>Body of POST /return_refund/202309/cancellations/{cancel_id}/reject (reject-cancellation.spec.json).</summary>
public sealed record TikTokCancellationRejection
{
    /// <summary>Required: a reason name from GET /return_refund/202309/reject_reasons.</summary>
    public string RejectReason { get; set; } = "";
    public string? Comment { get; set; }
}

/// <summary>Body of POST /return_refund/202309/returns/{return_id}/approve (approve-return.spec.json).</summary>
public sealed record TikTokReturnApproval
{
    /// <summary>Required: one of <see cref="TikTokReturnDecision"/>'s APPROVE_* values.</summary>
    public string Decision { get; set; } = "";

    /// <summary>A returnless refund (only with APPROVE_RETURN).</summary>
    public bool? BuyerKeepItem { get; set; }
}

/// <summary>Body of POST /return_refund/202309/returns/{return_id}/reject (reject-return.spec.json).</summary>
public sealed record TikTokReturnRejection
{
    /// <summary>Required: one of <see cref="TikTokReturnDecision"/>'s REJECT_* values.</summary>
    public string Decision { get; set; } = "";

    /// <summary>Required: a reason name from GET /return_refund/202309/reject_reasons.</summary>
    public string RejectReason { get; set; } = "";
    public string? Comment { get; set; }
}

/// <summary>Body of POST /return_refund/202309/cancellations (cancel-order.spec.json): the seller cancels an order or some of its lines.</summary>
public sealed record TikTokCancelOrderRequest
{
    public string OrderId { get; set; } = "";

    /// <summary>Line items to cancel (partial cancellation: US and UK, item out of stock); null = the whole order.</summary>
    public IReadOnlyList<string>? OrderLineItemIds { get; set; }

    /// <summary>A seller cancel reason name valid for the order's status (cancel-reasons.json).</summary>
    public string CancelReason { get; set; } = "";
}

public sealed record TikTokCancelOrderResult
{
    public string CancelId { get; set; } = "";
    public string? CancelStatus { get; set; }
}

public sealed record TikTokReason
{
    /// <summary>The reason name sent back in reject_reason.</summary>
    public string Name { get; set; } = "";

    /// <summary>The text to show a person (in the requested locale).</summary>
    public string? Text { get; set; }
}

internal sealed record TikTokReasonsData
{
    public IReadOnlyList<TikTokReason> Reasons { get; set; } = [];
}

/// <summary>One event of a return's history (get-return-records.spec.json), with the buyer's evidence images and videos.</summary>
public sealed record TikTokReturnRecord
{
    public string? Event { get; set; }
    public string? Role { get; set; }
    public string? Description { get; set; }
    public string? ReasonText { get; set; }
    public string? Note { get; set; }
    public IReadOnlyList<TikTokImage> Images { get; set; } = [];
    public IReadOnlyList<TikTokVideo> Videos { get; set; } = [];
    public long CreateTime { get; set; }
}

public sealed record TikTokVideo
{
    public string? Url { get; set; }
    public string? Cover { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public long? DurationMillis { get; set; }
}

internal sealed record TikTokReturnRecordsData
{
    public IReadOnlyList<TikTokReturnRecord> Records { get; set; } = [];
}

public static class TikTokCancelType
{
    /// <summary>The buyer asked; the seller (or TikTok after the deadline) decides.</summary>
    public const string BuyerCancel = "BUYER_CANCEL";

    /// <summary>Cancelled directly by the seller, the system or an operator.</summary>
    public const string Cancel = "CANCEL";
}

public static class TikTokCancelStatus
{
    public const string Pending = "CANCELLATION_REQUEST_PENDING";
    public const string Success = "CANCELLATION_REQUEST_SUCCESS";

    /// <summary>Closed (rejected, withdrawn by the buyer, or closed by the system). The search filter's spelling is CANCELLATION_REQUEST_CANCEL.</summary>
    public const string Cancelled = "CANCELLATION_REQUEST_CANCELLED";
    public const string CancelledFilterSpelling = "CANCELLATION_REQUEST_CANCEL";
    public const string Complete = "CANCELLATION_REQUEST_COMPLETE";
}

public static class TikTokReturnType
{
    public const string Refund = "REFUND";
    public const string ReturnAndRefund = "RETURN_AND_REFUND";
    public const string Replacement = "REPLACEMENT";
}

public static class TikTokReturnStatus
{
    public const string Pending = "RETURN_OR_REFUND_REQUEST_PENDING";
    public const string Rejected = "REFUND_OR_RETURN_REQUEST_REJECT";
    public const string AwaitingBuyerShip = "AWAITING_BUYER_SHIP";
    public const string BuyerShippedItem = "BUYER_SHIPPED_ITEM";
    public const string RejectReceivePackage = "REJECT_RECEIVE_PACKAGE";
    public const string Success = "RETURN_OR_REFUND_REQUEST_SUCCESS";
    public const string Cancelled = "RETURN_OR_REFUND_REQUEST_CANCEL";
    public const string Complete = "RETURN_OR_REFUND_REQUEST_COMPLETE";
    public const string AwaitingBuyerResponse = "AWAITING_BUYER_RESPONSE";
    public const string ReplacementPending = "REPLACEMENT_REQUEST_PENDING";
    public const string ReplacementRejected = "REPLACEMENT_REQUEST_REJECT";
    public const string ReplacementRefundSuccess = "REPLACEMENT_REQUEST_REFUND_SUCCESS";
    public const string ReplacementCancelled = "REPLACEMENT_REQUEST_CANCEL";
    public const string ReplacementComplete = "REPLACEMENT_REQUEST_COMPLETE";
}

/// <summary>The <c>decision</c> of approve-return and reject-return.</summary>
public static class TikTokReturnDecision
{
    public const string ApproveRefund = "APPROVE_REFUND";
    public const string ApproveReturn = "APPROVE_RETURN";
    public const string ApproveReceivedPackage = "APPROVE_RECEIVED_PACKAGE";
    public const string ApproveReplacement = "APPROVE_REPLACEMENT";
    public const string RejectRefund = "REJECT_REFUND";
    public const string RejectReturn = "REJECT_RETURN";
    public const string RejectReceivedPackage = "REJECT_RECEIVED_PACKAGE";
    public const string RejectReplacement = "REJECT_REPLACEMENT";
}
