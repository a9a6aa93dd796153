using Connector.Fulfilment;

namespace Connector.Labels;

public enum LabelStatus
{
    /// <summary>Validated, the units reserved on the order; TikTok has not given the label yet (the worker is on it).</summary>
    Accepted,

    /// <summary>The package exists on TikTok and its label (and packing slip, where TikTok offers it) is stored.</summary>
    Ready,

    /// <summary>Not bought, for the reason in <see cref="Label.Error"/> (TikTok's message and request id when TikTok refused); the units are free again.</summary>
    Failed,
}

/// <summary>How the label was obtained on TikTok.</summary>
public enum LabelFlow
{
    /// <summary>The units were in no package (US): eligible services, then create-packages buys the label.</summary>
    CreatePackage,

    /// <summary>TikTok had made the package (UK/EU): ship-package arranges the handover, TikTok's carrier and label.</summary>
    ShipPackage,

    /// <summary>Some units of a package TikTok made: split them into a package of their own, then ship it.</summary>
    SplitPackage,

    /// <summary>Several orders of the same buyer: TikTok's combine, then ship the combined package.</summary>
    CombinePackages,
}

/// <summary>The parcel's weight in TikTok's units (GRAM or POUND).</summary>
public sealed record ParcelWeight(decimal Value, string Unit);

/// <summary>The parcel's size in TikTok's units (CM or INCH).</summary>
public sealed record ParcelDimensions(decimal Length, decimal Width, decimal Height, string Unit);

/// <summary>One stored document of a label: the blob and what it holds.</summary>
public sealed record LabelDocument(string Kind, string BlobName, long Bytes, string Sha256, string DocumentType, string? DocumentSize, DateTimeOffset StoredAt);

public static class LabelDocumentKinds
{
    public const string Label = "label";
    public const string PackingSlip = "packing-slip";

    public static readonly IReadOnlyList<string> All = [Label, PackingSlip];
}

public sealed record PickupSlot(DateTimeOffset Start, DateTimeOffset End, bool Available);

/// <summary>How the parcel can reach the carrier (TikTok's handover time slots).</summary>
public sealed record HandoverOptions(bool CanPickup, bool CanDropOff, bool CanVanCollection, string? DropOffPointUrl, IReadOnlyList<PickupSlot> PickupSlots);

/// <summary>The shipping service the label was bought with.</summary>
public sealed record LabelService(
    string Id, string? Name, decimal? Price, string? Currency, int? EarliestDeliveryDays, int? LatestDeliveryDays, string? ShippingProviderId,
    string? ShippingProviderName, string Choice);

/// <summary>Why that service: the back office named it, the shop's default, TikTok's default, or the cheapest.</summary>
public static class ServiceChoices
{
    public const string Requested = "Requested";
    public const string ShopDefault = "ShopDefault";
    public const string Cheapest = "Cheapest";
    public const string TikTok = "TikTok";
}

/// <summary>
/// One label request of the back office, stored in table <c>Labels</c> (partition = merchant, row = label id, derived from
/// merchant + idempotency key, so the same key always finds the same label), and its outcome on TikTok.
/// </summary>
public sealed record Label
{
    public required string LabelId { get; init; }
    public required string MerchantId { get; init; }
    public required string IdempotencyKey { get; init; }

    /// <summary>Hash of the request: the same key with a different request is a conflict.</summary>
    public required string RequestHash { get; init; }
    public required string ShopId { get; init; }
    public required string OrderId { get; init; }

    /// <summary>Further orders of the same buyer combined into this parcel (TikTok's combine).</summary>
    public IReadOnlyList<string> CombinedOrderIds { get; init; } = [];

    /// <summary>Units of <see cref="OrderId"/> in the parcel ("all" resolved when accepted).</summary>
    public required IReadOnlyList<ShipmentLine> Lines { get; init; }
    public bool AllLines { get; init; }
    public required ParcelWeight Weight { get; init; }
    public ParcelDimensions? Dimensions { get; init; }
    public string? RequestedServiceId { get; init; }
    public string? RequestedHandoverMethod { get; init; }
    public required string DocumentSize { get; init; }
    public bool PackingSlip { get; init; }

    public LabelStatus Status { get; init; } = LabelStatus.Accepted;
    public LabelFlow? Flow { get; init; }

    /// <summary>The message is on the queue (a repeated request re-sends it when an earlier send failed).</summary>
    public bool Queued { get; init; }

    /// <summary>Times a worker (the request itself or the queue worker) took the label.</summary>
    public int Attempts { get; init; }

    /// <summary>A worker holds the label until then; another waits.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>TikTok's per-unit line item ids in the parcel (kept before any call, so a retry uses the same units).</summary>
    public IReadOnlyList<string> LineItemIds { get; init; } = [];

    /// <summary>For combined parcels: the line item ids per order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OrderLineItemIds { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public string? PackageId { get; init; }

    /// <summary>TikTok's package the units were in before a split or combine.</summary>
    public string? SourcePackageId { get; init; }
    public LabelService? Service { get; init; }
    public string? TrackingNumber { get; init; }
    public string? HandoverMethod { get; init; }
    public PickupSlot? PickupSlot { get; init; }
    public HandoverOptions? Handover { get; init; }
    public IReadOnlyList<LabelDocument> Documents { get; init; } = [];

    /// <summary>Why there is no packing slip, when one was asked for and TikTok gave none.</summary>
    public string? PackingSlipNote { get; init; }

    /// <summary>Why the label failed, in words the warehouse and support can act on (TikTok's message included).</summary>
    public string? Error { get; init; }

    /// <summary>The HTTP status a failed label is answered with (409: the order's state; 422: TikTok refused; 404: gone).</summary>
    public int? FailureStatus { get; init; }
    public long? TikTokCode { get; init; }

    /// <summary>TikTok's request_id of the refused call: quote it to TikTok support.</summary>
    public string? TikTokRequestId { get; init; }
    public string? SupportCaseId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Every order in the parcel.</summary>
    public IEnumerable<string> AllOrderIds => CombinedOrderIds.Prepend(OrderId);
}

/// <summary>The queue message: which label to buy.</summary>
public sealed record LabelMessage(string MerchantId, string LabelId);
