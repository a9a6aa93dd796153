using System.Security.Cryptography;
using System.Text;
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
        var keys = new List<string>();
        var filter = $"PartitionKey eq {TableKeys.Literal(partition)} and ShopId eq {TableKeys.Literal(shopId)}";
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e.RowKey);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), Azure.ETag.All)), cancellationToken);
        }

        return keys.Count;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Deterministic from merchant and key: a repeated request finds the first one's row.</summary>
    public static string IdFor(string merchantId, string idempotencyKey) =>
        "shp" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(merchantId + "\n" + idempotencyKey)))[..24];

    public async Task<VersionedShipment?> GetAsync(string merchantId, string shipmentId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(merchantId), TableKeys.Escape(shipmentId), cancellationToken: cancellationToken);
        return found.HasValue ? new VersionedShipment(FromEntity(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>Inserts a new shipment; answers the stored one instead when the key was used before (Created false).</summary>
    public async Task<(VersionedShipment Shipment, bool Created)> AddOrGetAsync(Shipment shipment, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            var response = await table.AddEntityAsync(ToEntity(shipment), cancellationToken);
            return (new VersionedShipment(shipment, response.Headers.ETag ?? default), true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await GetAsync(shipment.MerchantId, shipment.ShipmentId, cancellationToken)
                           ?? throw new InvalidOperationException($"Shipment {shipment.ShipmentId} exists and does not.", e);
            return (existing, false);
        }
    }

    /// <summary>Replaces a shipment read earlier; <see cref="ConcurrencyConflictException"/> when it changed since.</summary>
    public async Task<VersionedShipment> UpdateAsync(VersionedShipment read, Shipment changed, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(changed), read.ETag, TableUpdateMode.Replace, cancellationToken);
            return new VersionedShipment(changed, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"Shipment {changed.ShipmentId} was changed by someone else.", e);
        }
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
