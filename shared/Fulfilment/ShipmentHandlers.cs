using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Http;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Connector.Fulfilment;

/// <summary>
/// The back office's shipment endpoints. POST validates everything against the stored order before anything is written,
/// stores the shipment under merchant + idempotency key and queues it (202); the same key answers the first result.
/// </summary>
public sealed partial class ShipmentHandlers(
    ShipmentStore shipments,
    ShopRepository shops,
    OrderStore orders,
    MessageQueue queue,
    QueueNames queues,
    TimeProvider time,
    ILogger<ShipmentHandlers> logger)
{
    public const int MaxKeyLength = 200;
    public const int MaxTrackingNumberLength = 64;
    public const int MaxCarrierLength = 100;
    public const string AllLines = "all";

    /// <summary>How far in the future shippedAt may be (clock skew between systems).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromHours(24);

    public sealed record LineRequest(string? Sku, int? Quantity);

    public sealed record ShipmentRequest(
        string? OrderId,
        string? ShopId,
        JsonElement? Lines,
        string? Carrier,
        string? TrackingNumber,
        string? ShippedAt,
        string? IdempotencyKey);

    /// <summary>POST /api/merchants/{merchantId}/shipments.</summary>
    public async Task<IActionResult> CreateAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        var read = await RequestBody.ReadJsonAsync(request, cancellationToken);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        if (read.Value is not { ValueKind: JsonValueKind.Object } json)
        {
            return Problems.BadRequest(
                "The body must be JSON: {\"orderId\": \"...\", \"lines\": [{\"sku\": \"...\", \"quantity\": 1}] or \"all\", \"carrier\": \"...\", "
                + "\"trackingNumber\": \"...\", \"shippedAt\": \"2025-01-31T10:00:00Z\", \"idempotencyKey\": \"...\"}.");
        }

        // Every field is looked at, so one answer names every bad one: a value of the wrong type, then each rule.
        var typeErrors = new Dictionary<string, string[]>();
        string? Text(string name)
        {
            var found = json.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (found.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            {
                return null;
            }

            if (found.Value.ValueKind == JsonValueKind.String)
            {
                return found.Value.GetString();
            }

            typeErrors[name] = ["must be text"];
            return null;
        }

        var linesValue = json.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "lines", StringComparison.OrdinalIgnoreCase)).Value;
        var body = new ShipmentRequest(Text("orderId"), Text("shopId"), linesValue.ValueKind == JsonValueKind.Undefined ? null : linesValue,
            Text("carrier"), Text("trackingNumber"), Text("shippedAt"), Text("idempotencyKey"));
        var (parsed, errors) = Parse(body, time.GetUtcNow());
        foreach (var (field, problem) in typeErrors)
        {
            errors[field] = problem;
        }

        if (parsed is null || errors.Count > 0)
        {
            return Problems.BadRequest($"The shipment is not valid ({string.Join(", ", errors.Keys)}); nothing was stored. Fix the fields named in \"errors\".", errors);
        }

        var shipmentId = ShipmentStore.IdFor(merchantId, parsed.IdempotencyKey);
        if (await shipments.GetAsync(merchantId, shipmentId, cancellationToken) is { } earlier)
        {
            return await ReplayAsync(request, earlier, parsed.Hash, cancellationToken);
        }

        var located = await FindOrderAsync(merchantId, parsed.OrderId, parsed.ShopId, cancellationToken);
        if (located.Problem is not null)
        {
            return located.Problem;
        }

        var (shop, order) = (located.Shop!, located.Order!);
        var (action, lines, refusal) = Decide(order, parsed);
        if (refusal is not null)
        {
            ShipmentRefused(logger, merchantId, shop.ShopId, order.OrderId, refusal.Detail);
            return refusal.Result;
        }

        var now = time.GetUtcNow();
        var shipment = new Shipment
        {
            ShipmentId = shipmentId, MerchantId = merchantId, IdempotencyKey = parsed.IdempotencyKey, RequestHash = parsed.Hash,
            ShopId = shop.ShopId, OrderId = order.OrderId, Lines = lines, AllLines = parsed.Lines is null, Action = action,
            Carrier = parsed.Carrier, TrackingNumber = parsed.TrackingNumber, ShippedAt = parsed.ShippedAt, CreatedAt = now, UpdatedAt = now,
        };
        var (stored, created) = await shipments.AddOrGetAsync(shipment, cancellationToken);
        if (!created)
        {
            return await ReplayAsync(request, stored, parsed.Hash, cancellationToken);
        }

        ShipmentAccepted(logger, shipmentId, merchantId, shop.ShopId, order.OrderId, action, lines.Sum(l => l.Quantity));
        stored = await EnqueueAsync(stored, cancellationToken);
        return Accepted(request, stored.Shipment, replayed: false);
    }

    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>
    /// GET /api/merchants/{merchantId}/shipments?orderId=&amp;shopId=&amp;status=&amp;changedSince=&amp;pageSize=&amp;continuationToken=:
    /// the merchant's shipments, paged; <c>asOf</c> is the next <c>changedSince</c> for a warehouse that polls.
    /// </summary>
    public async Task<IActionResult> ListAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        var errors = new Dictionary<string, string[]>();
        string? IdFilter(string name)
        {
            var value = request.Query[name].FirstOrDefault();
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            if (!Ids.IsValid(value))
            {
                errors[name] = [Ids.Error(value)];
            }

            return value;
        }

        var orderId = IdFilter("orderId");
        var shopId = IdFilter("shopId");
        ShipmentStatus? status = null;
        if (request.Query["status"].FirstOrDefault() is { Length: > 0 } statusText)
        {
            if (Enum.TryParse<ShipmentStatus>(statusText, ignoreCase: true, out var parsedStatus) && !int.TryParse(statusText, out _))
            {
                status = parsedStatus;
            }
            else
            {
                errors["status"] = ["must be one of: " + string.Join(", ", Enum.GetNames<ShipmentStatus>())];
            }
        }

        DateTimeOffset? changedSince = null;
        if (request.Query["changedSince"].FirstOrDefault() is { Length: > 0 } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                changedSince = since;
            }
            else
            {
                errors["changedSince"] = ["must be an ISO 8601 date and time, e.g. 2026-01-31T10:00:00Z (the asOf of your previous listing)"];
            }
        }

        var pageSize = DefaultPageSize;
        if (request.Query["pageSize"].FirstOrDefault() is { Length: > 0 } sizeText && (!int.TryParse(sizeText, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"must be a whole number from 1 to {MaxPageSize}"];
        }

        if (!AdminRequest.TryContinuation(request, out var tableToken, out var tokenProblem))
        {
            errors["continuationToken"] = ["not one this API gave out; start again without it"];
        }

        if (errors.Count > 0)
        {
            return tokenProblem is not null && errors.Count == 1 ? tokenProblem
                : Problems.BadRequest($"The shipment listing's filters are not valid ({string.Join(", ", errors.Keys)}).", errors);
        }

        var asOf = time.GetUtcNow().UtcDateTime; // written with a Z, so it goes into a query string as it is
        try
        {
            var (page, next) = await shipments.QueryAsync(merchantId, orderId, shopId, status, changedSince, tableToken, pageSize, cancellationToken);
            return Problems.Json(new { shipments = page.Select(View), continuationToken = AdminRequest.Continuation(next), asOf });
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest("continuationToken is not one this API gave out.", new Dictionary<string, string[]> { ["continuationToken"] = ["is not one this API gave out"] });
        }
    }

    /// <summary>GET /api/merchants/{merchantId}/shipments/{shipmentId}.</summary>
    public async Task<IActionResult> GetAsync(HttpRequest request, string merchantId, string shipmentId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId), ("shipmentId", shipmentId)) is { } badId)
        {
            return badId;
        }

        if (await shipments.GetAsync(merchantId, shipmentId, cancellationToken) is not { } found)
        {
            return Problems.NotFound($"Shipment {shipmentId} of merchant {merchantId} does not exist.");
        }

        return Problems.Json(View(found.Shipment));
    }

    public static object View(Shipment s) => new
    {
        shipmentId = s.ShipmentId,
        merchantId = s.MerchantId,
        shopId = s.ShopId,
        orderId = s.OrderId,
        status = s.Status.ToString(),
        action = s.Action.ToString(),
        lines = s.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }),
        allLines = s.AllLines,
        carrier = s.Carrier,
        trackingNumber = s.TrackingNumber,
        shippedAt = s.ShippedAt,
        idempotencyKey = s.IdempotencyKey,
        shippingProviderId = s.ShippingProviderId,
        shippingProviderName = s.ShippingProviderName,
        carrierMatch = s.CarrierMatch?.ToString(),
        packageId = s.PackageId,
        lineItemIds = s.LineItemIds,
        warning = s.Warning,
        error = s.Error,
        tikTokCode = s.TikTokCode,
        tikTokRequestId = s.TikTokRequestId,
        supportCaseId = s.SupportCaseId,
        createdAt = s.CreatedAt,
        updatedAt = s.UpdatedAt,
    };

    private async Task<IActionResult> ReplayAsync(HttpRequest request, VersionedShipment earlier, string hash, CancellationToken cancellationToken)
    {
        if (earlier.Shipment.RequestHash != hash)
        {
            return Problems.Conflict(
                $"Idempotency key '{earlier.Shipment.IdempotencyKey}' was used for a different shipment ({earlier.Shipment.ShipmentId}, order {earlier.Shipment.OrderId}). "
                + "Use a new key for a new shipment.");
        }

        ShipmentReplayed(logger, earlier.Shipment.ShipmentId, earlier.Shipment.MerchantId, earlier.Shipment.Status);
        if (!earlier.Shipment.Queued && earlier.Shipment.Status == ShipmentStatus.Accepted)
        {
            earlier = await EnqueueAsync(earlier, cancellationToken); // the first request stored it but could not queue it
        }

        return Accepted(request, earlier.Shipment, replayed: true);
    }

    private async Task<VersionedShipment> EnqueueAsync(VersionedShipment stored, CancellationToken cancellationToken)
    {
        await queue.SendAsync(queues.Shipment, new ShipmentMessage(stored.Shipment.MerchantId, stored.Shipment.ShipmentId), cancellationToken);
        try
        {
            return await shipments.UpdateAsync(stored, stored.Shipment with { Queued = true, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // The worker got there first; it only handles Accepted shipments, so a second message does nothing.
            return (await shipments.GetAsync(stored.Shipment.MerchantId, stored.Shipment.ShipmentId, cancellationToken))!;
        }
    }

    private static IActionResult Accepted(HttpRequest request, Shipment shipment, bool replayed)
    {
        var location = $"/api/merchants/{Uri.EscapeDataString(shipment.MerchantId)}/shipments/{shipment.ShipmentId}";
        request.HttpContext.Response.Headers.Location = location;
        if (replayed)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return Problems.Json(new { shipmentId = shipment.ShipmentId, status = shipment.Status.ToString(), location, replayed, shipment = View(shipment) },
            StatusCodes.Status202Accepted);
    }

    private sealed record Located(ShopRecord? Shop, StoredOrder? Order, IActionResult? Problem);

    private async Task<Located> FindOrderAsync(string merchantId, string orderId, string? shopId, CancellationToken cancellationToken)
    {
        var merchantShops = await shops.ListByMerchantAsync(merchantId, cancellationToken);
        var candidates = merchantShops.Where(s => shopId is null || s.ShopId == shopId).ToList();
        foreach (var shop in candidates)
        {
            if (await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is { } found && found.Order.MerchantId == merchantId)
            {
                if (shop.Status == ShopStatus.ReauthorizationRequired)
                {
                    return new Located(null, null, Problems.Conflict(
                        $"Shop {shop.ShopId} needs the seller to authorize the connector again before shipments can reach TikTok."));
                }

                return new Located(shop, found.Order, null);
            }
        }

        return new Located(null, null, Problems.NotFound($"Order {orderId} does not exist for merchant {merchantId}."));
    }

    internal sealed record Refusal(IActionResult Result, string Detail);

    /// <summary>What the shipment does to the order (new package or tracking update), or why it cannot.</summary>
    internal static (ShipmentAction Action, IReadOnlyList<ShipmentLine> Lines, Refusal? Refusal) Decide(StoredOrder order, ParsedShipment parsed)
    {
        static (ShipmentAction, IReadOnlyList<ShipmentLine>, Refusal?) Refuse(int status, string title, string detail) =>
            (ShipmentAction.CreatePackage, [], new Refusal(Problems.Create(status, title, detail), detail));

        if (order.ShippedByPlatform)
        {
            return Refuse(StatusCodes.Status409Conflict, "Fulfilled by TikTok", $"Order {order.OrderId} is fulfilled by TikTok (fulfillment_type FULFILLMENT_BY_TIKTOK): there is nothing to ship.");
        }

        if (string.Equals(order.ShippingType, TikTokShippingType.TikTok, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status409Conflict, "TikTok Shipping order",
                $"Order {order.OrderId} uses TikTok Shipping: the label comes from TikTok. Ask for it with POST /api/merchants/{{merchantId}}/orders/{order.OrderId}/labels instead of sending your own tracking.");
        }

        if (order.State is OrderState.Cancelled or OrderState.CancelledAfterRelease)
        {
            return Refuse(StatusCodes.Status409Conflict, "Order cancelled", $"Order {order.OrderId} was cancelled on TikTok ({order.StateReason}): do not ship it.");
        }

        if (parsed.Lines is null)
        {
            var unshipped = order.Lines.Select(l => l.Sku).Distinct().Select(sku => new ShipmentLine(sku, order.UnshippedUnits(sku))).Where(l => l.Quantity > 0).ToList();
            if (unshipped.Count > 0)
            {
                return CanShipNew(order) is { } state ? Refuse(StatusCodes.Status409Conflict, "Order not shippable", state) : (ShipmentAction.CreatePackage, unshipped, null);
            }

            return order.Packages.Count > 0 && order.State != OrderState.Completed
                ? (ShipmentAction.UpdateTracking, order.Packages.Last().Units.Select(u => new ShipmentLine(u.Key, u.Value)).ToList(), null)
                : Refuse(StatusCodes.Status409Conflict, "Nothing to ship", $"Every unit of order {order.OrderId} is shipped already ({order.State}).");
        }

        var unknown = parsed.Lines.Where(l => order.Units(l.Sku) == 0).Select(l => l.Sku).ToList();
        if (unknown.Count > 0)
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Unknown SKU", $"Order {order.OrderId} has no SKU {string.Join(", ", unknown)}.");
        }

        // The same units as a package shipped before: a tracking correction.
        var asked = parsed.Lines.ToDictionary(l => l.Sku, l => l.Quantity, StringComparer.Ordinal);
        if (order.State != OrderState.Completed && order.Packages.LastOrDefault(p => p.Units.Count == asked.Count && p.Units.All(u => asked.TryGetValue(u.Key, out var q) && q == u.Value)) is { } package
            && parsed.Lines.Any(l => order.UnshippedUnits(l.Sku) < l.Quantity))
        {
            return (ShipmentAction.UpdateTracking, package.Units.Select(u => new ShipmentLine(u.Key, u.Value)).ToList(), null);
        }

        if (CanShipNew(order) is { } why)
        {
            return Refuse(StatusCodes.Status409Conflict, "Order not shippable", why);
        }

        var tooMany = parsed.Lines.Where(l => l.Quantity > order.UnshippedUnits(l.Sku))
            .Select(l => $"{l.Sku}: {l.Quantity} asked, {order.UnshippedUnits(l.Sku)} of {order.Units(l.Sku)} unshipped").ToList();
        if (tooMany.Count > 0)
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Too many units", $"More units than order {order.OrderId} has left to ship ({string.Join("; ", tooMany)}).");
        }

        return (ShipmentAction.CreatePackage, parsed.Lines, null);
    }

    private static string? CanShipNew(StoredOrder order) => order.State is OrderState.ReadyToFulfil or OrderState.Released
        ? null
        : $"Order {order.OrderId} is {order.State} ({order.StateReason}); only ReadyToFulfil or Released orders can be shipped.";

    internal sealed record ParsedShipment(
        string OrderId, string? ShopId, IReadOnlyList<ShipmentLine>? Lines, string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, string IdempotencyKey, string Hash);

    internal static (ParsedShipment? Shipment, Dictionary<string, string[]> Errors) Parse(ShipmentRequest body, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var key = body.IdempotencyKey?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            errors["idempotencyKey"] = [$"required: 1 to {MaxKeyLength} characters, unique per shipment"];
        }
        else if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            errors["idempotencyKey"] = [$"must be 1 to {MaxKeyLength} characters without control characters"];
        }

        var orderId = body.OrderId?.Trim();
        if (string.IsNullOrEmpty(orderId))
        {
            errors["orderId"] = ["required: TikTok's order id"];
        }
        else if (!IsId(orderId))
        {
            errors["orderId"] = ["must be TikTok's order id: " + Ids.Rule];
        }

        var shopId = string.IsNullOrWhiteSpace(body.ShopId) ? null : body.ShopId.Trim();
        if (shopId is not null && !IsId(shopId))
        {
            errors["shopId"] = ["must be TikTok's shop id (" + Ids.Rule + "), or left out"];
        }

        var carrier = body.Carrier?.Trim();
        if (string.IsNullOrEmpty(carrier))
        {
            errors["carrier"] = [$"required: the carrier's name (e.g. \"Royal Mail\", \"USPS\") or TikTok's shipping provider id"];
        }
        else if (carrier.Length > MaxCarrierLength || carrier.Any(char.IsControl))
        {
            errors["carrier"] = [$"must be at most {MaxCarrierLength} characters without control characters"];
        }

        var tracking = body.TrackingNumber?.Trim();
        if (string.IsNullOrEmpty(tracking))
        {
            errors["trackingNumber"] = [$"required: 1 to {MaxTrackingNumberLength} letters, digits, spaces, '.', '_', '/' or '-'"];
        }
        else if (tracking.Length > MaxTrackingNumberLength || !Regex.IsMatch(tracking, "^[A-Za-z0-9][A-Za-z0-9 ._/-]*$"))
        {
            errors["trackingNumber"] = [$"must be 1 to {MaxTrackingNumberLength} letters, digits, spaces, '.', '_', '/' or '-', starting with a letter or digit"];
        }

        DateTimeOffset shippedAt = default;
        if (string.IsNullOrWhiteSpace(body.ShippedAt))
        {
            errors["shippedAt"] = ["required: an ISO 8601 time, e.g. 2025-01-31T10:00:00Z"];
        }
        else if (!DateTimeOffset.TryParse(body.ShippedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out shippedAt))
        {
            errors["shippedAt"] = ["must be an ISO 8601 time, e.g. 2025-01-31T10:00:00Z"];
        }
        else if (shippedAt > now + FutureTolerance)
        {
            errors["shippedAt"] = ["must not be in the future"];
        }

        IReadOnlyList<ShipmentLine>? lines = null;
        switch (body.Lines)
        {
            case { ValueKind: JsonValueKind.String } all when string.Equals(all.GetString(), AllLines, StringComparison.OrdinalIgnoreCase):
                break;
            case { ValueKind: JsonValueKind.Array } array:
                var (parsedLines, lineErrors) = ShipmentLines.Parse(array, "the SKUs shipped");
                lines = parsedLines;
                if (lineErrors.Count > 0)
                {
                    errors["lines"] = lineErrors.ToArray();
                }

                break;
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                errors["lines"] = ["required: \"all\" or [{\"sku\": \"...\", \"quantity\": 1}, ...]"];
                break;
            default:
                errors["lines"] = ["must be \"all\" or [{\"sku\": \"...\", \"quantity\": 1}, ...]"];
                break;
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var canonical = JsonSerializer.Serialize(new
        {
            orderId, shopId, lines = lines?.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => new[] { l.Sku, l.Quantity.ToString(CultureInfo.InvariantCulture) }),
            carrier, tracking, shippedAt = shippedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        });
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return (new ParsedShipment(orderId!, shopId, lines, carrier!, tracking!, shippedAt.ToUniversalTime(), key!, hash), errors);
    }

    private static bool IsId(string? value) => Ids.IsValid(value);

    [LoggerMessage(EventId = 4701, Level = LogLevel.Information,
        Message = "Shipment {ShipmentId} accepted for merchant {MerchantId}, shop {ShopId}, order {OrderId}: {Action}, {Units} units")]
    private static partial void ShipmentAccepted(ILogger logger, string shipmentId, string merchantId, string shopId, string orderId, ShipmentAction action, int units);

    [LoggerMessage(EventId = 4702, Level = LogLevel.Information, Message = "Shipment refused for merchant {MerchantId}, shop {ShopId}, order {OrderId}: {Reason}")]
    private static partial void ShipmentRefused(ILogger logger, string merchantId, string shopId, string orderId, string reason);

    [LoggerMessage(EventId = 4703, Level = LogLevel.Information, Message = "Shipment {ShipmentId} of merchant {MerchantId} requested again ({Status}): first result returned")]
    private static partial void ShipmentReplayed(ILogger logger, string shipmentId, string merchantId, ShipmentStatus status);
}
