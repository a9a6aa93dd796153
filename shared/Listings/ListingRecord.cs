using System.Text.Json.Serialization;
using Connector.TikTok.Api;

namespace Connector.Listings;

/// <summary>Where one catalog product stands on one TikTok shop (what the merchant and support see).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ListingStatus>))]
public enum ListingStatus
{
    /// <summary>Not on TikTok and not going there: no profile takes it, auto create is off, or the product is inactive.</summary>
    NotListed,

    /// <summary>Held before any call: it breaks TikTok's or the category's rules (<see cref="ListingRecord.Problems"/>, per field).</summary>
    Invalid,

    /// <summary>Valid and queued: TikTok's daily limit is used up, or the shop misses a listing prerequisite.</summary>
    Waiting,

    /// <summary>TikTok refused the last call (its message and request id are in <see cref="ListingRecord.LastError"/>).</summary>
    Refused,

    /// <summary>On TikTok, under review (PENDING).</summary>
    Pending,

    /// <summary>On TikTok and on sale (ACTIVATE).</summary>
    Live,

    /// <summary>TikTok's review failed (FAILED), with TikTok's reasons.</summary>
    Rejected,

    /// <summary>Taken off sale by the seller (SELLER_DEACTIVATED): the catalog says inactive.</summary>
    Deactivated,

    /// <summary>Taken off sale by TikTok (PLATFORM_DEACTIVATED).</summary>
    PlatformDeactivated,

    /// <summary>Frozen by TikTok for a policy breach (FREEZE).</summary>
    Frozen,

    /// <summary>A draft on TikTok (DRAFT): the seller publishes it in Seller Center.</summary>
    Draft,

    /// <summary>Deleted on TikTok.</summary>
    Deleted,

    /// <summary>Removed from the catalog but left on TikTok (auto delete is off).</summary>
    RemovedFromCatalog,
}

/// <summary>A TikTok refusal as support needs it: TikTok's message, code and request id.</summary>
public sealed record ListingError(string Message, long? Code, string? RequestId, DateTimeOffset At);

/// <summary>The idempotency_key a product's create went out with, and the catalog version it carried.</summary>
public sealed record ListingCreateSent(string Key, string CatalogHash);

/// <summary>One thing that happened to a listing (the last few are kept).</summary>
public sealed record ListingEvent(DateTimeOffset At, string What);

/// <summary>One catalog product on one shop: its TikTok product, what was pushed, its status and why.</summary>
public sealed record ListingRecord
{
    public required string ShopId { get; init; }
    public required string ProductId { get; init; }
    public required string MerchantId { get; init; }
    public ListingStatus Status { get; init; } = ListingStatus.NotListed;

    /// <summary>One sentence: why it is in this status (held, waiting, refused, rejected).</summary>
    public string? Reason { get; init; }

    /// <summary>Invalid: what breaks TikTok's rules, per field.</summary>
    public IReadOnlyList<ListingProblem> Problems { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];
    public string? ProfileName { get; init; }
    public string? CategoryId { get; init; }
    public string? TikTokProductId { get; init; }

    /// <summary>TikTok's SKU id per seller SKU.</summary>
    public IReadOnlyDictionary<string, string> SkuIds { get; init; } = new Dictionary<string, string>();

    /// <summary>TikTok's product status (DRAFT, PENDING, FAILED, ACTIVATE, SELLER_DEACTIVATED, PLATFORM_DEACTIVATED, FREEZE, DELETED).</summary>
    public string? TikTokStatus { get; init; }

    /// <summary>TikTok's audit status (AUDITING, FAILED, PRE_APPROVED, APPROVED, NONE).</summary>
    public string? AuditStatus { get; init; }

    /// <summary>TikTok's reasons for a failed review.</summary>
    public IReadOnlyList<TikTokAuditFailure> AuditFailures { get; init; } = [];

    /// <summary>The last TikTok update_time applied (an older notification never moves the status back).</summary>
    public long TikTokUpdateTime { get; init; }

    /// <summary>The fingerprints of the fields as last pushed (<see cref="MappedProduct.Fingerprints"/>).</summary>
    public IReadOnlyDictionary<string, string> Fingerprints { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the product was last made active (true) or deactivated (false) by the connector.</summary>
    public bool? ActiveApplied { get; init; }

    public DateTimeOffset? WaitsUntil { get; init; }
    public ListingError? LastError { get; init; }
    public DateTimeOffset? ListedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public IReadOnlyList<ListingEvent> History { get; init; } = [];

    /// <summary>How many times the connector created this product on TikTok (a new create after a delete gets a new idempotency key).</summary>
    public int Creates { get; init; }

    /// <summary>
    /// A create sent to TikTok whose answer is not stored yet (the worker may have died in between): the next create of
    /// this product sends the same key. Cleared once TikTok answered, with a product or a refusal.
    /// </summary>
    public ListingCreateSent? CreateSent { get; init; }

    /// <summary>Needs the push to look at it (the catalog, its profile or the shop's settings changed).</summary>
    [JsonIgnore]
    public bool Pending { get; init; }

    /// <summary>The catalog product's sequence: the order products pass TikTok's daily limit.</summary>
    [JsonIgnore]
    public long Sequence { get; init; }

    /// <summary>When the product was last marked pending (a push that read it earlier leaves it pending).</summary>
    [JsonIgnore]
    public DateTimeOffset? PendingAt { get; init; }

    public bool OnTikTok => TikTokProductId is not null && Status is not ListingStatus.Deleted;

    public ListingRecord With(DateTimeOffset at, string what) => this with { UpdatedAt = at, History = [new ListingEvent(at, what), .. History.Take(9)] };

    /// <summary>The listing status a TikTok product status means.</summary>
    public static ListingStatus FromTikTok(string? status) => status?.ToUpperInvariant() switch
    {
        "ACTIVATE" => ListingStatus.Live,
        "PENDING" => ListingStatus.Pending,
        "FAILED" => ListingStatus.Rejected,
        "SELLER_DEACTIVATED" => ListingStatus.Deactivated,
        "PLATFORM_DEACTIVATED" => ListingStatus.PlatformDeactivated,
        "FREEZE" => ListingStatus.Frozen,
        "DRAFT" => ListingStatus.Draft,
        "DELETED" => ListingStatus.Deleted,
        _ => ListingStatus.Pending,
    };
}
