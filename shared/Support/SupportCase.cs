namespace Connector.Support;

/// <summary>What a support case asks a person to do.</summary>
public enum SupportCaseKind
{
    /// <summary>A new shop was authorized: configure and activate it.</summary>
    ActivateShop,

    /// <summary>An authorization arrived without a merchant (no state): assign it to one.</summary>
    AssignAuthorization,

    /// <summary>The token refresh failed for good: send the seller the re-authorize link in the message.</summary>
    ReauthorizationRequired,

    /// <summary>TikTok warned that the seller's authorization ends soon: send the seller the re-authorize link in the message.</summary>
    AuthorizationExpiring,

    /// <summary>A seller SKU is on more than one TikTok product (or SKU): its stock is not pushed until the seller fixes it.</summary>
    DuplicateSellerSku,

    /// <summary>TikTok cancelled an order the back office had already taken: stop the shipment.</summary>
    CancelledAfterRelease,

    /// <summary>A shipment could not be pushed to TikTok (order cancelled, carrier unknown, TikTok refused it): see the shipment.</summary>
    ShipmentFailed,

    /// <summary>A merchant tried to connect a TikTok shop that belongs to another merchant (refused): find out which one it belongs to.</summary>
    ShopClaimedByAnotherMerchant,

    /// <summary>TikTok accepted a shipment but warned (e.g. "match more than one provider"): check the package on TikTok.</summary>
    ShipmentWarning,

    /// <summary>A cancellation or return waits for the seller's answer and TikTok's deadline is near: answer it (approve, reject, receive).</summary>
    AfterSalesDeadline,

    /// <summary>A TikTok Shipping label could not be bought after the request answered (the queue worker failed it): see the label.</summary>
    LabelFailed,

    /// <summary>The buyer changed the address after the back office took the order: check the parcel and its label (old and new address in the case).</summary>
    AddressChangedAfterRelease,
}

public enum SupportCaseStatus
{
    Open,
    Resolved,
}

/// <summary>A task for support staff, opened by the connector. Support lists and resolves them with a note.</summary>
public sealed record SupportCase
{
    public required string CaseId { get; init; }
    public required SupportCaseKind Kind { get; init; }
    public SupportCaseStatus Status { get; init; } = SupportCaseStatus.Open;
    public string? ShopId { get; init; }
    public string? MerchantId { get; init; }
    public string? AuthorizationId { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The name of the function key that resolved the case.</summary>
    public string? ResolvedBy { get; init; }
    public string? ResolutionNote { get; init; }
}
