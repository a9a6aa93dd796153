namespace Connector.Fulfilment;

public enum ShipmentStatus
{
    /// <summary>Validated, stored and queued; not on TikTok yet.</summary>
    Accepted,

    /// <summary>TikTok has the package (or the new tracking).</summary>
    Shipped,

    /// <summary>Not pushed, for the reason in <see cref="Shipment.Error"/>; a support case is open.</summary>
    Failed,
}

/// <summary>What the worker does on TikTok.</summary>
public enum ShipmentAction
{
    /// <summary>New units: create a package with a tracking number (mark shipped).</summary>
    CreatePackage,

    /// <summary>The same units were shipped before: update the tracking number and carrier.</summary>
    UpdateTracking,
}

/// <summary>Units of one SKU in a shipment.</summary>
public sealed record ShipmentLine(string Sku, int Quantity);

/// <summary>
/// One shipment from the back office, stored in table <c>Shipments</c> (partition = merchant, row = shipment id, which is
/// derived from merchant + idempotency key), and its outcome on TikTok.
/// </summary>
public sealed record Shipment
{
    public required string ShipmentId { get; init; }
    public required string MerchantId { get; init; }
    public required string IdempotencyKey { get; init; }

    /// <summary>Hash of the request body: the same key with a different body is a conflict.</summary>
    public required string RequestHash { get; init; }
    public required string ShopId { get; init; }
    public required string OrderId { get; init; }

    /// <summary>The units asked for ("all" is resolved to the unshipped units when accepted).</summary>
    public required IReadOnlyList<ShipmentLine> Lines { get; init; }
    public bool AllLines { get; init; }
    public required ShipmentAction Action { get; init; }
    public required string Carrier { get; init; }
    public required string TrackingNumber { get; init; }
    public required DateTimeOffset ShippedAt { get; init; }
    public ShipmentStatus Status { get; init; } = ShipmentStatus.Accepted;

    /// <summary>The message is on the queue (a repeated request re-sends it when an earlier send failed).</summary>
    public bool Queued { get; init; }

    /// <summary>How many times a worker took the shipment (each attempt claims it with a write, so racing writers lose before TikTok is called).</summary>
    public int Attempts { get; init; }

    /// <summary>TikTok's per-unit line item ids chosen for the package (kept before the call, so a retry ships the same units).</summary>
    public IReadOnlyList<string> LineItemIds { get; init; } = [];
    public string? PackageId { get; init; }
    public string? ShippingProviderId { get; init; }
    public string? ShippingProviderName { get; init; }
    public CarrierMatch? CarrierMatch { get; init; }

    /// <summary>
    /// The warning TikTok gave when it accepted the package (mark package as shipped <c>data.warning.message</c>, e.g.
    /// "match more than one provider"): the shipment is Shipped, and a ShipmentWarning support case names it.
    /// </summary>
    public string? Warning { get; init; }

    /// <summary>Why the shipment failed, in words support can act on (TikTok's message included).</summary>
    public string? Error { get; init; }
    public long? TikTokCode { get; init; }

    /// <summary>TikTok's request_id of the failed call: quote it to TikTok support.</summary>
    public string? TikTokRequestId { get; init; }
    public string? SupportCaseId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The queue message: which shipment to push.</summary>
public sealed record ShipmentMessage(string MerchantId, string ShipmentId);
