using System.Text.Json.Serialization;

namespace Connector.AfterSales;

/// <summary>A buyer's (or the seller's own) cancellation, or a return / refund-only / replacement request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AfterSalesKind>))]
public enum AfterSalesKind
{
    Cancellation,
    Return,
}

/// <summary>Where an after-sales request is, for the warehouse and support (TikTok's own status is kept next to it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AfterSalesState>))]
public enum AfterSalesState
{
    /// <summary>Waiting for the seller's answer (approve or reject) by the deadline; after it TikTok decides on its own.</summary>
    Requested,

    /// <summary>A return was approved: the buyer is to send the parcel back.</summary>
    AwaitingBuyerReturn,

    /// <summary>The buyer sent the parcel back: mark it received (refund) or reject it after inspection, by the deadline.</summary>
    ReturnShipped,

    /// <summary>The seller offered another solution (e.g. a partial refund): waiting for the buyer.</summary>
    AwaitingBuyerResponse,

    /// <summary>Approved (cancellation accepted, refund approved): TikTok completes it.</summary>
    Approved,

    /// <summary>Rejected by the seller (the request or the returned parcel); the buyer may still appeal to TikTok.</summary>
    Rejected,

    /// <summary>Closed without a refund: withdrawn by the buyer or closed by TikTok.</summary>
    Closed,

    /// <summary>Done: the order is cancelled, the buyer refunded or the replacement made.</summary>
    Completed,
}

/// <summary>What the back office (or support) can do to a request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AfterSalesAction>))]
public enum AfterSalesAction
{
    /// <summary>Approve the cancellation, refund, return or replacement.</summary>
    Approve,

    /// <summary>Reject the request (or, once the parcel is back, the returned parcel) with one of TikTok's reasons.</summary>
    Reject,

    /// <summary>The returned parcel arrived and passed inspection: TikTok refunds the buyer.</summary>
    Receive,
}

/// <summary>One SKU of a request: the units (TikTok line items) concerned and TikTok's refund for them.</summary>
public sealed record AfterSalesLine(
    string Sku,
    string? SkuId,
    string? ProductName,
    string? SkuName,
    int Quantity,
    IReadOnlyList<string> OrderLineItemIds,
    decimal? RefundTotal);

/// <summary>TikTok's refund calculation for the request.</summary>
public sealed record AfterSalesRefund(
    string? Currency,
    decimal? Total,
    decimal? Subtotal,
    decimal? ShippingFee,
    decimal? Tax,
    decimal? RetailDeliveryFee,
    decimal? BuyerServiceFee);

/// <summary>How the parcel comes back (returns).</summary>
public sealed record AfterSalesReturnShipment(
    string? TrackingNumber,
    string? Carrier,
    string? CarrierId,
    string? ShipmentType,
    string? HandoverMethod,
    string? ReturnMethod,
    string? WarehouseAddress);

/// <summary>A picture or video the buyer (or TikTok) attached, from the return's records.</summary>
public sealed record AfterSalesEvidence(string Kind, string Url, string? Role, string? Event, string? Note, DateTimeOffset At);

/// <summary>An answer the connector gave TikTok for this request.</summary>
public sealed record AfterSalesDecision(
    AfterSalesAction Action,
    string Decision,
    string? Reason,
    string? Comment,
    string By,
    DateTimeOffset At,
    string? TikTokRequestId);

public sealed record AfterSalesStateChange(DateTimeOffset At, AfterSalesState State, string TikTokStatus);

/// <summary>
/// One after-sales request of a merchant's order, as TikTok last reported it (<see cref="UpdateTime"/> decides which version
/// wins) plus what the connector did about it.
/// </summary>
public sealed record AfterSalesRequest
{
    public const int HistoryLimit = 10;

    public required string MerchantId { get; init; }
    public required string ShopId { get; init; }
    public required string OrderId { get; init; }

    /// <summary>TikTok's cancel_id or return_id.</summary>
    public required string RequestId { get; init; }
    public required AfterSalesKind Kind { get; init; }

    /// <summary>TikTok's cancel_type (BUYER_CANCEL, CANCEL) or return_type (REFUND, RETURN_AND_REFUND, REPLACEMENT).</summary>
    public string? Type { get; init; }

    /// <summary>Who asked: BUYER, SELLER, SYSTEM, OPERATOR.</summary>
    public string? Role { get; init; }
    public required string TikTokStatus { get; init; }
    public required AfterSalesState State { get; init; }

    /// <summary>One sentence for the warehouse and support: what this is and what to do.</summary>
    public string StateReason { get; init; } = "";

    /// <summary>TikTok's reason name and its text.</summary>
    public string? Reason { get; init; }
    public string? ReasonText { get; init; }

    /// <summary>TikTok's next seller action (SELLER_RESPOND_CANCEL, ...) and its deadline; TikTok decides itself after it.</summary>
    public string? NextAction { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public string? ArbitrationStatus { get; init; }
    public bool? CanBuyerKeepItem { get; init; }
    public IReadOnlyList<AfterSalesLine> Lines { get; init; } = [];
    public AfterSalesRefund? Refund { get; init; }
    public AfterSalesReturnShipment? ReturnShipment { get; init; }
    public IReadOnlyList<AfterSalesEvidence> Evidence { get; init; } = [];

    /// <summary>TikTok's create_time and update_time (Unix seconds).</summary>
    public long CreateTime { get; init; }
    public long UpdateTime { get; init; }
    public IReadOnlyList<AfterSalesDecision> Decisions { get; init; } = [];
    public IReadOnlyList<AfterSalesStateChange> History { get; init; } = [];

    /// <summary>"webhook", "poll" or "action": how the newest version arrived.</summary>
    public string Source { get; init; } = "poll";
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Waiting for the seller: approve / reject / receive by <see cref="Deadline"/>.</summary>
    [JsonIgnore]
    public bool AwaitsSeller => State is AfterSalesState.Requested or AfterSalesState.ReturnShipped;
}
