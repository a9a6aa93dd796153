using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Fulfilment;

/// <summary>A stored shipment and the ETag it was read with.</summary>
public sealed record VersionedShipment(Shipment Shipment, ETag ETag);

/// <summary>
/// Shipments in table <c>Shipments</c>: partition = merchant id, row = shipment id (a hash of merchant and idempotency key),
/// so the same key always names the same row and a second insert fails. Updates are optimistic (ETag).
/// </summary>
public sealed class ShipmentStore(StorageClients storage)
{
    public const string TableName = "Shipments";

    /// <summary>Removes a shop's shipments (shop deletion; they live in the merchant's partition); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string merchantId, string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(merchantId);
        var filter = $"PartitionKey eq {TableKeys.Literal(partition)} and ShopId eq {TableKeys.Literal(shopId)}";
        return (await TableRows.DeleteWhereAsync(table, partition, filter, ["RowKey"], cancellationToken)).Count;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Deterministic from merchant and key: a repeated request finds the first one's row.</summary>
    public static string IdFor(string merchantId, string idempotencyKey) =>
        TableRows.HashedId("shp", merchantId + "\n" + idempotencyKey, 24);

    public async Task<VersionedShipment?> GetAsync(string merchantId, string shipmentId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(merchantId), TableKeys.Escape(shipmentId), cancellationToken: cancellationToken);
        return found.HasValue ? new VersionedShipment(FromEntity(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>One page of a merchant's shipments, optionally of one order or shop, in one status, or changed since a time.</summary>
    public async Task<(IReadOnlyList<Shipment> Shipments, string? ContinuationToken)> QueryAsync(string merchantId, string? orderId, string? shopId,
        ShipmentStatus? status, DateTimeOffset? changedSince, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(merchantId))}"
            + (orderId is null ? "" : $" and OrderId eq {TableKeys.Literal(orderId)}")
            + (shopId is null ? "" : $" and ShopId eq {TableKeys.Literal(shopId)}")
            + (status is null ? "" : $" and Status eq {TableKeys.Literal(status.Value.ToString())}")
            + (changedSince is { } since ? " and " + TableClient.CreateQueryFilter($"UpdatedAt ge {since.ToUniversalTime()}") : "");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(FromEntity).ToArray(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>The merchant's shipments of one order (any status).</summary>
    public async Task<IReadOnlyList<VersionedShipment>> ListForOrderAsync(string merchantId, string orderId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = new List<VersionedShipment>();
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(merchantId))} and OrderId eq {TableKeys.Literal(orderId)}";
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new VersionedShipment(FromEntity(e), e.ETag));
        }

        return found;
    }

    /// <summary>Inserts a new shipment; answers the stored one instead when the key was used before (Created false).</summary>
    public async Task<(VersionedShipment Shipment, bool Created)> AddOrGetAsync(Shipment shipment, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var (stored, created) = await VersionedRows.AddOrGetAsync(table, ToEntity(shipment), cancellationToken);
        return (new VersionedShipment(created ? shipment : FromEntity(stored), stored.ETag), created);
    }

    /// <summary>Replaces a shipment read earlier; <see cref="ConcurrencyConflictException"/> when it changed since.</summary>
    public async Task<VersionedShipment> UpdateAsync(VersionedShipment read, Shipment changed, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return new VersionedShipment(changed, await VersionedRows.ReplaceAsync(table, ToEntity(changed), read.ETag, $"Shipment {changed.ShipmentId}", cancellationToken));
    }

    private static TableEntity ToEntity(Shipment s) => new(TableKeys.Escape(s.MerchantId), TableKeys.Escape(s.ShipmentId))
    {
        ["IdempotencyKey"] = s.IdempotencyKey,
        ["RequestHash"] = s.RequestHash,
        ["ShopId"] = s.ShopId,
        ["OrderId"] = s.OrderId,
        ["Lines"] = JsonSerializer.Serialize(s.Lines, Json),
        ["AllLines"] = s.AllLines,
        ["Action"] = s.Action.ToString(),
        ["Carrier"] = s.Carrier,
        ["TrackingNumber"] = s.TrackingNumber,
        ["ShippedAt"] = s.ShippedAt,
        ["Status"] = s.Status.ToString(),
        ["Queued"] = s.Queued,
        ["Attempts"] = s.Attempts,
        ["LineItemIds"] = JsonSerializer.Serialize(s.LineItemIds, Json),
        ["PackageId"] = s.PackageId,
        ["ShippingProviderId"] = s.ShippingProviderId,
        ["ShippingProviderName"] = s.ShippingProviderName,
        ["CarrierMatch"] = s.CarrierMatch?.ToString(),
        ["Error"] = s.Error,
        ["TikTokCode"] = s.TikTokCode,
        ["TikTokRequestId"] = s.TikTokRequestId,
        ["SupportCaseId"] = s.SupportCaseId,
        ["Warning"] = s.Warning,
        ["CreatedAt"] = s.CreatedAt,
        ["UpdatedAt"] = s.UpdatedAt,
    };

    private static Shipment FromEntity(TableEntity e) => new()
    {
        ShipmentId = TableKeys.Unescape(e.RowKey),
        MerchantId = TableKeys.Unescape(e.PartitionKey),
        IdempotencyKey = e.GetString("IdempotencyKey") ?? "",
        RequestHash = e.GetString("RequestHash") ?? "",
        ShopId = e.GetString("ShopId") ?? "",
        OrderId = e.GetString("OrderId") ?? "",
        Lines = JsonSerializer.Deserialize<ShipmentLine[]>(e.GetString("Lines") ?? "[]", Json) ?? [],
        AllLines = e.GetBoolean("AllLines") ?? false,
        Action = Enum.Parse<ShipmentAction>(e.GetString("Action") ?? nameof(ShipmentAction.CreatePackage)),
        Carrier = e.GetString("Carrier") ?? "",
        TrackingNumber = e.GetString("TrackingNumber") ?? "",
        ShippedAt = e.GetDateTimeOffset("ShippedAt") ?? default,
        Status = Enum.Parse<ShipmentStatus>(e.GetString("Status") ?? nameof(ShipmentStatus.Accepted)),
        Queued = e.GetBoolean("Queued") ?? false,
        Attempts = e.GetInt32("Attempts") ?? 0,
        LineItemIds = JsonSerializer.Deserialize<string[]>(e.GetString("LineItemIds") ?? "[]", Json) ?? [],
        PackageId = e.GetString("PackageId"),
        ShippingProviderId = e.GetString("ShippingProviderId"),
        ShippingProviderName = e.GetString("ShippingProviderName"),
        CarrierMatch = e.GetString("CarrierMatch") is { Length: > 0 } match ? Enum.Parse<CarrierMatch>(match) : null,
        Error = e.GetString("Error"),
        TikTokCode = e.GetInt64("TikTokCode"),
        TikTokRequestId = e.GetString("TikTokRequestId"),
        SupportCaseId = e.GetString("SupportCaseId"),
        Warning = e.GetString("Warning"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
    };
}
