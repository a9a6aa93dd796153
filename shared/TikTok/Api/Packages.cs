using System.Globalization;
using System.Text.Json.Serialization;
using Connector.TikTok.Json;
using Microsoft.Extensions.Options;

namespace Connector.TikTok.Api;

/// <summary>
/// TikTok Shipping (shipping_type TIKTOK): the calls that buy a label from TikTok and arrange the handover, following
/// TikTok's reference under <c>api-reference/fulfillment/</c> (get-eligible-shipping-service, create-packages,
/// get-package-handover-time-slots, ship-package, get-package-shipping-document, get-package-detail, split-orders,
/// search-combinable-packages, combine-package).
/// </summary>
public partial interface ITikTokShopClient
{
    /// <summary>POST /fulfillment/202309/orders/{order_id}/shipping_services/query: the services TikTok sells a label for.</summary>
    Task<TikTokEligibleShippingServices> GetEligibleShippingServicesAsync(TikTokShopRef shop, string orderId, TikTokShippingServiceQuery query, CancellationToken cancellationToken);

    /// <summary>POST /fulfillment/202309/packages: creates the package and buys its label (US).</summary>
    Task<TikTokCreatedPackage> CreatePackageAsync(TikTokShopRef shop, TikTokCreatePackageRequest request, CancellationToken cancellationToken);

    /// <summary>GET /fulfillment/202309/packages/{package_id}/handover_time_slots: pickup slots and whether drop-off is possible.</summary>
    Task<TikTokHandoverTimeSlots> GetHandoverTimeSlotsAsync(TikTokShopRef shop, string packageId, CancellationToken cancellationToken);

    /// <summary>POST /fulfillment/202309/packages/{package_id}/ship: arranges the handover of a package TikTok made (UK/EU).</summary>
    Task ShipPackageAsync(TikTokShopRef shop, string packageId, TikTokPackageShipment shipment, CancellationToken cancellationToken);

    /// <summary>GET /fulfillment/202309/packages/{package_id}/shipping_documents: a URL (valid 24 h) of the document, and the tracking number.</summary>
    Task<TikTokShippingDocument> GetShippingDocumentAsync(TikTokShopRef shop, string packageId, TikTokDocumentRequest document, CancellationToken cancellationToken);

    /// <summary>GET /fulfillment/202309/packages/{package_id}.</summary>
    Task<TikTokPackageDetail> GetPackageDetailAsync(TikTokShopRef shop, string packageId, CancellationToken cancellationToken);

    /// <summary>POST /fulfillment/202309/orders/{order_id}/split: each group of line items becomes a new package.</summary>
    Task<IReadOnlyList<TikTokSplitPackage>> SplitOrderAsync(TikTokShopRef shop, string orderId, IReadOnlyList<TikTokSplittableGroup> groups, CancellationToken cancellationToken);

    /// <summary>GET /fulfillment/202309/combinable_packages/search: one page of the packages TikTok allows to combine.</summary>
    Task<TikTokCombinablePackagePage> SearchCombinablePackagesAsync(TikTokShopRef shop, int pageSize, string? pageToken, CancellationToken cancellationToken);

    /// <summary>POST /fulfillment/202309/packages/combine.</summary>
    Task<TikTokCombineResult> CombinePackagesAsync(TikTokShopRef shop, IReadOnlyList<TikTokCombinablePackage> packages, CancellationToken cancellationToken);
}

public sealed partial class TikTokShopClient
{
    /// <summary>Search combinable packages: page_size is 1 to 50.</summary>
    public const int MaxCombinablePageSize = 50;

    public Task<TikTokEligibleShippingServices> GetEligibleShippingServicesAsync(TikTokShopRef shop, string orderId, TikTokShippingServiceQuery query, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(query, TikTokPackageJsonContext.Default.TikTokShippingServiceQuery);
        return sender.SendAsync(Post(shop, $"/fulfillment/202309/orders/{Segment(orderId)}/shipping_services/query", body),
            TikTokPackageJsonContext.Default.TikTokEligibleShippingServices, cancellationToken);
    }

    public Task<TikTokCreatedPackage> CreatePackageAsync(TikTokShopRef shop, TikTokCreatePackageRequest request, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(request, TikTokPackageJsonContext.Default.TikTokCreatePackageRequest);
        return sender.SendAsync(Post(shop, "/fulfillment/202309/packages", body), TikTokPackageJsonContext.Default.TikTokCreatedPackage, cancellationToken);
    }

    public Task<TikTokHandoverTimeSlots> GetHandoverTimeSlotsAsync(TikTokShopRef shop, string packageId, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, $"/fulfillment/202309/packages/{Segment(packageId)}/handover_time_slots"), TikTokPackageJsonContext.Default.TikTokHandoverTimeSlots, cancellationToken);

    public Task ShipPackageAsync(TikTokShopRef shop, string packageId, TikTokPackageShipment shipment, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(shipment, TikTokPackageJsonContext.Default.TikTokPackageShipment);
        return sender.SendAsync(Post(shop, $"/fulfillment/202309/packages/{Segment(packageId)}/ship", body), TikTokPackageJsonContext.Default.TikTokEmptyData, cancellationToken);
    }

    public Task<TikTokShippingDocument> GetShippingDocumentAsync(TikTokShopRef shop, string packageId, TikTokDocumentRequest document, CancellationToken cancellationToken)
    {
        var call = Get(shop, $"/fulfillment/202309/packages/{Segment(packageId)}/shipping_documents")
            .With("document_type", document.DocumentType)
            .With("document_size", document.DocumentSize)
            .With("document_format", document.DocumentFormat);
        return sender.SendAsync(call, TikTokPackageJsonContext.Default.TikTokShippingDocument, cancellationToken);
    }

    public Task<TikTokPackageDetail> GetPackageDetailAsync(TikTokShopRef shop, string packageId, CancellationToken cancellationToken) =>
        sender.SendAsync(Get(shop, $"/fulfillment/202309/packages/{Segment(packageId)}"), TikTokPackageJsonContext.Default.TikTokPackageDetail, cancellationToken);

    public async Task<IReadOnlyList<TikTokSplitPackage>> SplitOrderAsync(TikTokShopRef shop, string orderId, IReadOnlyList<TikTokSplittableGroup> groups, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new TikTokSplitRequest { SplittableGroups = groups }, TikTokPackageJsonContext.Default.TikTokSplitRequest);
        var data = await sender.SendAsync(Post(shop, $"/fulfillment/202309/orders/{Segment(orderId)}/split", body), TikTokPackageJsonContext.Default.TikTokSplitResult, cancellationToken);
        return data.Packages;
    }

    public Task<TikTokCombinablePackagePage> SearchCombinablePackagesAsync(TikTokShopRef shop, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        if (pageSize is < 1 or > MaxCombinablePageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"A page has 1 to {MaxCombinablePageSize} packages.");
        }

        var call = Get(shop, "/fulfillment/202309/combinable_packages/search")
            .With("page_size", pageSize.ToString(CultureInfo.InvariantCulture))
            .With("page_token", string.IsNullOrEmpty(pageToken) ? null : pageToken);
        return sender.SendAsync(call, TikTokPackageJsonContext.Default.TikTokCombinablePackagePage, cancellationToken);
    }

    public Task<TikTokCombineResult> CombinePackagesAsync(TikTokShopRef shop, IReadOnlyList<TikTokCombinablePackage> packages, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new TikTokCombineRequest { CombinablePackages = packages }, TikTokPackageJsonContext.Default.TikTokCombineRequest);
        return sender.SendAsync(Post(shop, "/fulfillment/202309/packages/combine", body), TikTokPackageJsonContext.Default.TikTokCombineResult, cancellationToken);
    }
}

/// <summary>Downloads a shipping document from the <c>doc_url</c> TikTok gave (not an Open API call: no signature, the URL is the credential).</summary>
public interface ITikTokDocuments
{
    Task<byte[]> DownloadAsync(Uri documentUrl, CancellationToken cancellationToken);
}

public sealed class TikTokDocuments(HttpClient http, IOptions<TikTokOptions> options) : ITikTokDocuments
{
    /// <summary>A label or packing slip bigger than this is refused (they are a few kB to a few hundred kB).</summary>
    public const int MaxDocumentBytes = 10 * 1024 * 1024;

    public async Task<byte[]> DownloadAsync(Uri documentUrl, CancellationToken cancellationToken)
    {
        // TikTok's document URLs are HTTPS; plain HTTP only to a loopback address (the simulator).
        if (documentUrl.Scheme != Uri.UriSchemeHttps && !(documentUrl.Scheme == Uri.UriSchemeHttp && documentUrl.IsLoopback))
        {
            throw new TikTokException(TikTokErrorKind.InvalidRequest, "doc_url", $"the document URL is not HTTPS ({documentUrl.Scheme})");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.AttemptTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(documentUrl, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new TikTokException(TikTokErrorKind.Transient, "doc_url", "the document could not be downloaded: " + e.GetType().Name, innerException: e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                // An expired URL (older than 24 h) is a 4xx: asking TikTok for the document again gives a fresh one.
                throw new TikTokException(status >= 500 ? TikTokErrorKind.Transient : TikTokErrorKind.InvalidRequest, "doc_url",
                    $"the document download answered HTTP {status}", httpStatus: status);
            }

            if (response.Content.Headers.ContentLength > MaxDocumentBytes)
            {
                throw new TikTokException(TikTokErrorKind.InvalidRequest, "doc_url", $"the document is larger than {MaxDocumentBytes} bytes");
            }

            using var buffer = new MemoryStream();
            await using (var stream = await response.Content.ReadAsStreamAsync(timeout.Token))
            {
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
                {
                    if (buffer.Length + read > MaxDocumentBytes)
                    {
                        throw new TikTokException(TikTokErrorKind.InvalidRequest, "doc_url", $"the document is larger than {MaxDocumentBytes} bytes");
                    }

                    buffer.Write(chunk, 0, read);
                }
            }

            return buffer.ToArray();
        }
    }
}

/// <summary>TikTok's package weight: <c>value</c> is a decimal string, <c>unit</c> GRAM or POUND.</summary>
public sealed record TikTokWeight
{
    public decimal? Value { get; set; }
    public string? Unit { get; set; }
}

/// <summary>TikTok's package dimensions: decimal strings, <c>unit</c> CM or INCH (length, width and height together).</summary>
public sealed record TikTokDimension
{
    public decimal? Length { get; set; }
    public decimal? Width { get; set; }
    public decimal? Height { get; set; }
    public string? Unit { get; set; }
}

public static class TikTokUnits
{
    public const string Gram = "GRAM";
    public const string Pound = "POUND";
    public const string Centimetre = "CM";
    public const string Inch = "INCH";
}

/// <summary>Body of the eligible shipping services query.</summary>
public sealed record TikTokShippingServiceQuery
{
    public IReadOnlyList<string>? OrderLineItemIds { get; set; }
    public TikTokWeight? Weight { get; set; }
    public TikTokDimension? Dimension { get; set; }
}

public sealed record TikTokEligibleShippingServices
{
    public string? OrderId { get; set; }
    public IReadOnlyList<string> OrderLineId { get; set; } = [];
    public TikTokWeight? Weight { get; set; }
    public TikTokDimension? Dimension { get; set; }
    public IReadOnlyList<TikTokShippingService> ShippingServices { get; set; } = [];
}

/// <summary>One shipping service TikTok sells a label for (get-eligible-shipping-service); create-packages answers the same shape without is_default.</summary>
public sealed record TikTokShippingService
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public int? EarliestDeliveryDays { get; set; }
    public int? LatestDeliveryDays { get; set; }
    public bool IsDefault { get; set; }
    public string? ShippingProviderName { get; set; }
    public string? ShippingProviderId { get; set; }
}

/// <summary>Body of create-packages.</summary>
public sealed record TikTokCreatePackageRequest
{
    public string OrderId { get; set; } = "";
    public IReadOnlyList<string>? OrderLineItemIds { get; set; }
    public TikTokDimension? Dimension { get; set; }
    public string? ShippingServiceId { get; set; }
    public TikTokWeight? Weight { get; set; }
}

public sealed record TikTokCreatedPackage
{
    public string? OrderId { get; set; }
    public IReadOnlyList<string> OrderLineItemIds { get; set; } = [];
    public TikTokDimension? Dimension { get; set; }
    public TikTokShippingService? ShippingServiceInfo { get; set; }
    public string PackageId { get; set; } = "";
    public TikTokWeight? Weight { get; set; }
    public long? CreateTime { get; set; }
}

public sealed record TikTokHandoverTimeSlots
{
    public bool CanPickup { get; set; }
    public bool CanDropOff { get; set; }
    public bool CanVanCollection { get; set; }
    public string? DropOffPointUrl { get; set; }
    public IReadOnlyList<TikTokPickupSlot> PickupSlots { get; set; } = [];
}

public sealed record TikTokPickupSlot
{
    public long StartTime { get; set; }
    public long EndTime { get; set; }

    /// <summary>TikTok's spelling (<c>avaliable</c>).</summary>
    [JsonPropertyName("avaliable")]
    public bool Available { get; set; }
}

public static class TikTokHandoverMethods
{
    public const string Pickup = "PICKUP";
    public const string DropOff = "DROP_OFF";
}

/// <summary>Body of ship-package (TikTok Shipping: a handover method and, for a pickup, the slot).</summary>
public sealed record TikTokPackageShipment
{
    public string? HandoverMethod { get; set; }
    public TikTokSlot? PickupSlot { get; set; }
}

public sealed record TikTokSlot
{
    public long StartTime { get; set; }
    public long EndTime { get; set; }
}

public static class TikTokDocumentTypes
{
    public const string ShippingLabel = "SHIPPING_LABEL";
    public const string PackingSlip = "PACKING_SLIP";
    public const string ShippingLabelAndPackingSlip = "SHIPPING_LABEL_AND_PACKING_SLIP";
}

/// <summary>The query of get-package-shipping-document: type, size (A6 default, A5) and format (PDF default).</summary>
public sealed record TikTokDocumentRequest(string DocumentType, string? DocumentSize = null, string? DocumentFormat = null);

public sealed record TikTokShippingDocument
{
    public string DocUrl { get; set; } = "";
    public string? TrackingNumber { get; set; }
}

public static class TikTokPackageStatus
{
    /// <summary>Waiting for the seller to arrange the shipment (only in order detail's line items).</summary>
    public const string ToFulfill = "TO_FULFILL";

    /// <summary>Arranged (label bought); waiting for the carrier to collect it.</summary>
    public const string Processing = "PROCESSING";

    /// <summary>Collected by the carrier, in transit.</summary>
    public const string Fulfilling = "FULFILLING";

    public const string Completed = "COMPLETED";
    public const string Cancelled = "CANCELLED";
}

public sealed record TikTokPackageDetail
{
    public string PackageId { get; set; } = "";
    public IReadOnlyList<TikTokPackageOrder> Orders { get; set; } = [];
    public string? PackageStatus { get; set; }
    public string? SplitAndCombineTag { get; set; }
    public string? ShippingProviderName { get; set; }
    public string? ShippingProviderId { get; set; }
    public string? ShippingType { get; set; }
    public string? DeliveryOptionName { get; set; }
    public string? DeliveryOptionId { get; set; }
    public string? TrackingNumber { get; set; }
    public TikTokSlot? PickupSlot { get; set; }
    public long? CreateTime { get; set; }
    public long? UpdateTime { get; set; }
    public string? HandoverMethod { get; set; }
    public IReadOnlyList<string> OrderLineItemIds { get; set; } = [];
    public TikTokWeight? Weight { get; set; }
    public TikTokDimension? Dimension { get; set; }
}

public sealed record TikTokPackageOrder
{
    public string Id { get; set; } = "";
}

public sealed record TikTokSplittableGroup
{
    /// <summary>The caller's own id for the group; the answer maps it to the new package id.</summary>
    public string Id { get; set; } = "";
    public IReadOnlyList<string> OrderLineItemIds { get; set; } = [];
}

internal sealed record TikTokSplitRequest
{
    public IReadOnlyList<TikTokSplittableGroup> SplittableGroups { get; set; } = [];
}

public sealed record TikTokSplitPackage
{
    public string SplittableGroupId { get; set; } = "";
    public string Id { get; set; } = "";
}

internal sealed record TikTokSplitResult
{
    public IReadOnlyList<TikTokSplitPackage> Packages { get; set; } = [];
}

public sealed record TikTokCombinablePackage
{
    public string Id { get; set; } = "";
    public IReadOnlyList<string> OrderIds { get; set; } = [];
}

public sealed record TikTokCombinablePackagePage : TikTokPage
{
    public IReadOnlyList<TikTokCombinablePackage> CombinablePackages { get; set; } = [];
}

internal sealed record TikTokCombineRequest
{
    public IReadOnlyList<TikTokCombinablePackage> CombinablePackages { get; set; } = [];
}

public sealed record TikTokCombineResult
{
    public IReadOnlyList<TikTokCombinablePackage> Packages { get; set; } = [];
    public IReadOnlyList<TikTokCombineError> Errors { get; set; } = [];
}

public sealed record TikTokCombineError
{
    public long Code { get; set; }
    public string? Message { get; set; }
    public TikTokCombineErrorDetail? Detail { get; set; }
}

public sealed record TikTokCombineErrorDetail
{
    public string? PackageId { get; set; }
}


/// <summary>Source-generated JSON of the TikTok Shipping payloads, with the options of <see cref="TikTokJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TikTokDecimalConverter), typeof(TikTokNullableDecimalConverter)])]
[JsonSerializable(typeof(TikTokShippingServiceQuery))]
[JsonSerializable(typeof(TikTokEligibleShippingServices))]
[JsonSerializable(typeof(TikTokCreatePackageRequest))]
[JsonSerializable(typeof(TikTokCreatedPackage))]
[JsonSerializable(typeof(TikTokHandoverTimeSlots))]
[JsonSerializable(typeof(TikTokPackageShipment))]
[JsonSerializable(typeof(TikTokShippingDocument))]
[JsonSerializable(typeof(TikTokPackageDetail))]
[JsonSerializable(typeof(TikTokSplitRequest))]
[JsonSerializable(typeof(TikTokSplitResult))]
[JsonSerializable(typeof(TikTokCombinablePackagePage))]
[JsonSerializable(typeof(TikTokCombineRequest))]
[JsonSerializable(typeof(TikTokCombineResult))]
[JsonSerializable(typeof(TikTokEmptyData))]
internal sealed partial class TikTokPackageJsonContext : JsonSerializerContext;
