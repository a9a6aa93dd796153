using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Http;

namespace Connector.Fulfilment;

/// <summary>
/// POST /api/merchants/{merchantId}/shipments: the warehouse's shipment, every field checked here (one answer names
/// every bad one) before anything is read or written. <see cref="Hash"/> is what a replay with the same key must match.
/// </summary>
public sealed record CreateShipment(
    string MerchantId, string OrderId, string? ShopId, IReadOnlyList<ShipmentLine>? Lines, string Carrier, string TrackingNumber,
    DateTimeOffset ShippedAt, string IdempotencyKey, string Hash)
{
    public const int MaxKeyLength = 200;
    public const int MaxTrackingNumberLength = 64;
    public const int MaxCarrierLength = 100;
    public const string AllLines = "all";

    /// <summary>How far in the future shippedAt may be (clock skew between systems).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromHours(24);

    public const string Shape = "{\"orderId\": \"...\", \"lines\": [{\"sku\": \"...\", \"quantity\": 1}] or \"all\", \"carrier\": \"...\", "
        + "\"trackingNumber\": \"...\", \"shippedAt\": \"2025-01-31T10:00:00Z\", \"idempotencyKey\": \"...\"}";

    public static CreateShipment Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "shipment";
        merchantId = r.Id("merchantId", merchantId);
        if (r.Object(Shape) is not { } body)
        {
            return Empty(merchantId);
        }

        var key = r.Text(body, "idempotencyKey")?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            r.Fail("idempotencyKey", $"required: 1 to {MaxKeyLength} characters, unique per shipment");
        }
        else if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            r.Fail("idempotencyKey", $"must be 1 to {MaxKeyLength} characters without control characters");
        }

        var orderId = r.Text(body, "orderId")?.Trim();
        if (string.IsNullOrEmpty(orderId))
        {
            r.Fail("orderId", "required: TikTok's order id");
        }
        else if (!Ids.IsValid(orderId))
        {
            r.Fail("orderId", "must be TikTok's order id: " + Ids.Rule);
        }

        var shopId = r.Text(body, "shopId") is { } shop && !string.IsNullOrWhiteSpace(shop) ? shop.Trim() : null;
        if (shopId is not null && !Ids.IsValid(shopId))
        {
            r.Fail("shopId", "must be TikTok's shop id (" + Ids.Rule + "), or left out");
        }

        var carrier = r.Text(body, "carrier")?.Trim();
        if (string.IsNullOrEmpty(carrier))
        {
            r.Fail("carrier", "required: the carrier's name (e.g. \"Royal Mail\", \"USPS\") or TikTok's shipping provider id");
        }
        else if (carrier.Length > MaxCarrierLength || carrier.Any(char.IsControl))
        {
            r.Fail("carrier", $"must be at most {MaxCarrierLength} characters without control characters");
        }

        var tracking = r.Text(body, "trackingNumber")?.Trim();
        if (string.IsNullOrEmpty(tracking))
        {
            r.Fail("trackingNumber", $"required: 1 to {MaxTrackingNumberLength} letters, digits, spaces, '.', '_', '/' or '-'");
        }
        else if (tracking.Length > MaxTrackingNumberLength || !Regex.IsMatch(tracking, "^[A-Za-z0-9][A-Za-z0-9 ._/-]*$"))
        {
            r.Fail("trackingNumber", $"must be 1 to {MaxTrackingNumberLength} letters, digits, spaces, '.', '_', '/' or '-', starting with a letter or digit");
        }

        var shippedText = r.Text(body, "shippedAt");
        DateTimeOffset shippedAt = default;
        if (string.IsNullOrWhiteSpace(shippedText))
        {
            r.Fail("shippedAt", "required: an ISO 8601 time, e.g. 2025-01-31T10:00:00Z");
        }
        else if (!DateTimeOffset.TryParse(shippedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out shippedAt))
        {
            r.Fail("shippedAt", "must be an ISO 8601 time, e.g. 2025-01-31T10:00:00Z");
        }
        else if (shippedAt > r.Now + FutureTolerance)
        {
            r.Fail("shippedAt", "must not be in the future");
        }

        var lines = BindLines(r, RequestReader.Member(body, "lines"));
        if (r.HasErrors)
        {
            return Empty(merchantId);
        }

        var canonical = JsonSerializer.Serialize(new
        {
            orderId, shopId, lines = lines?.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => new[] { l.Sku, l.Quantity.ToString(CultureInfo.InvariantCulture) }),
            carrier, tracking, shippedAt = shippedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        });
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return new CreateShipment(merchantId, orderId!, shopId, lines, carrier!, tracking!, shippedAt.ToUniversalTime(), key!, hash);
    }

    /// <summary>"all" (null: every unshipped unit) or the SKUs and quantities shipped.</summary>
    private static IReadOnlyList<ShipmentLine>? BindLines(RequestReader r, JsonElement? value)
    {
        switch (value)
        {
            case { ValueKind: JsonValueKind.String } all when string.Equals(all.GetString(), AllLines, StringComparison.OrdinalIgnoreCase):
                return null;
            case { ValueKind: JsonValueKind.Array } array:
                var (parsed, errors) = ShipmentLines.Parse(array, "the SKUs shipped");
                r.Fail("lines", errors);
                return parsed;
            case null:
                r.Fail("lines", "required: \"all\" or [{\"sku\": \"...\", \"quantity\": 1}, ...]");
                return null;
            default:
                r.Fail("lines", "must be \"all\" or [{\"sku\": \"...\", \"quantity\": 1}, ...]");
                return null;
        }
    }

    private static CreateShipment Empty(string merchantId) => new(merchantId, "", null, null, "", "", default, "", "");
}

/// <summary>GET /api/merchants/{merchantId}/shipments?orderId=&amp;shopId=&amp;status=&amp;changedSince=&amp;pageSize=&amp;continuationToken=.</summary>
public sealed record ListShipments(
    string MerchantId, string? OrderId, string? ShopId, ShipmentStatus? Status, DateTimeOffset? ChangedSince, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public static ListShipments Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "shipment listing's filters";
        return new ListShipments(
            r.Id("merchantId", merchantId), r.QueryId("orderId"), r.QueryId("shopId"), r.QueryEnum<ShipmentStatus>("status"),
            r.QueryTime("changedSince", "e.g. 2026-01-31T10:00:00Z (the asOf of your previous listing)"), r.PageSize(DefaultPageSize, MaxPageSize), r.Continuation());
    }
}

/// <summary>GET /api/merchants/{merchantId}/shipments/{shipmentId}.</summary>
public sealed record GetShipment(string MerchantId, string ShipmentId)
{
    public static GetShipment Bind(RequestReader r, string merchantId, string shipmentId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new GetShipment(r.Id("merchantId", merchantId), r.Id("shipmentId", shipmentId));
    }
}
