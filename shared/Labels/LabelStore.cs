using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Labels;

/// <summary>A stored label and the ETag it was read with.</summary>
public sealed record VersionedLabel(Label Label, ETag ETag);

/// <summary>
/// Labels in table <c>Labels</c>: partition = merchant id, row = label id (a hash of merchant and idempotency key), so the
/// same key always names the same row and another merchant's partition never holds it. The label is one JSON column;
/// shop, order and status are columns too, for support's queries and shop deletion. Updates are optimistic (ETag).
/// </summary>
public sealed class LabelStore(StorageClients storage)
{
    public const string TableName = "Labels";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Deterministic from merchant and key: a repeated request finds the first one's row.</summary>
    public static string IdFor(string merchantId, string idempotencyKey) =>
        TableRows.HashedId("lbl", merchantId + "\n" + idempotencyKey, 24);

    public async Task<VersionedLabel?> GetAsync(string merchantId, string labelId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(merchantId), TableKeys.Escape(labelId), cancellationToken: cancellationToken);
        return found.HasValue ? new VersionedLabel(FromEntity(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>Inserts a new label; answers the stored one instead when the key was used before (Created false).</summary>
    public async Task<(VersionedLabel Label, bool Created)> AddOrGetAsync(Label label, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var (stored, created) = await VersionedRows.AddOrGetAsync(table, ToEntity(label), cancellationToken);
        return (new VersionedLabel(created ? label : FromEntity(stored), stored.ETag), created);
    }

    /// <summary>Replaces a label read earlier; <see cref="ConcurrencyConflictException"/> when it changed since.</summary>
    public async Task<VersionedLabel> UpdateAsync(VersionedLabel read, Label changed, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return new VersionedLabel(changed, await VersionedRows.ReplaceAsync(table, ToEntity(changed), read.ETag, $"Label {changed.LabelId}", cancellationToken));
    }

    /// <summary>The labels of one order of a merchant (newest first), for the order's label list.</summary>
    public async Task<IReadOnlyList<Label>> ListForOrderAsync(string merchantId, string orderId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = new List<Label>();
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(merchantId))} and OrderId eq {TableKeys.Literal(orderId)}";
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return found.OrderByDescending(l => l.CreatedAt).ToList();
    }

    /// <summary>Removes a shop's labels (shop deletion); answers them, so their documents can be removed too.</summary>
    public async Task<IReadOnlyList<Label>> DeleteShopAsync(string merchantId, string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(merchantId);
        var filter = $"PartitionKey eq {TableKeys.Literal(partition)} and ShopId eq {TableKeys.Literal(shopId)}";
        return (await TableRows.DeleteWhereAsync(table, partition, filter, null, cancellationToken)).Select(FromEntity).ToList();
    }

    private static TableEntity ToEntity(Label label) => new(TableKeys.Escape(label.MerchantId), TableKeys.Escape(label.LabelId))
    {
        ["ShopId"] = label.ShopId,
        ["OrderId"] = label.OrderId,
        ["Status"] = label.Status.ToString(),
        ["PackageId"] = label.PackageId,
        ["CreatedAt"] = label.CreatedAt,
        ["Label"] = JsonSerializer.Serialize(label, Json),
    };

    private static Label FromEntity(TableEntity e) =>
        JsonSerializer.Deserialize<Label>(e.GetString("Label") ?? "null", Json) ?? throw new InvalidOperationException($"Label row {e.RowKey} has no label.");
}
