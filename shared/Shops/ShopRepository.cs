using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Shops;

/// <summary>
/// The shop registry in table <c>Shops</c>. All rows share one partition: the shop row (<c>shop|{id}</c>, the truth,
/// with its ETag) and a status index row (<c>status|{Status}|{id}</c>). Both change in one entity group transaction,
/// so the index never disagrees with the shop, and paging every Active shop for a fan-out is a RowKey range scan
/// (1,000 rows per page) instead of a table scan. See docs/decisions/0004-onboarding-and-the-shop-registry.md.
/// </summary>
public sealed class ShopRepository(StorageClients storage)
{
    public const string TableName = "Shops";
    public const string Partition = "shops";
    private const string ShopPrefix = "shop|";
    private const string StatusPrefix = "status|";
    private const string DeletedPrefix = "deleted|";


    public async Task<ShopRecord?> GetAsync(string shopId, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, ShopKey(shopId), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>Adds a new shop; <see cref="ConcurrencyConflictException"/> when it exists already.</summary>
    public async Task CreateAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var entity = ToEntity(shop);
        try
        {
            var response = await client.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, entity), new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexEntity(shop))],
                cancellationToken);
            shop.ETag = response.Value[0].Headers.ETag ?? default;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409)
        {
            throw new ConcurrencyConflictException($"Shop {shop.ShopId} exists already.", e);
        }
    }

    /// <summary>
    /// Writes a shop read earlier (its <see cref="ShopRecord.ETag"/> must still match) and moves its status index row.
    /// <paramref name="previousStatus"/> is the status it was read with.
    /// </summary>
    public async Task UpdateAsync(ShopRecord shop, ShopStatus previousStatus, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, ToEntity(shop), shop.ETag) };
        if (previousStatus != shop.Status)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, IndexKey(previousStatus, shop.ShopId)), ETag.All));
        }

        actions.Add(new(TableTransactionActionType.UpsertReplace, IndexEntity(shop)));
        try
        {
            var response = await client.SubmitTransactionAsync(actions, cancellationToken);
            shop.ETag = response.Value[0].Headers.ETag ?? default;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"Shop {shop.ShopId} was changed by someone else.", e);
        }
    }

    /// <summary>Removes a shop read earlier (its ETag must still match) with its status index row.</summary>
    public async Task DeleteAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            await client.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, ShopKey(shop.ShopId)), shop.ETag),
                 new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, IndexKey(shop.Status, shop.ShopId)), ETag.All)],
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"Shop {shop.ShopId} was changed by someone else.", e);
        }
    }

    /// <summary>Remembers that support deleted a shop, so the seller authorizing it again does not bring it back.</summary>
    public async Task RememberDeletedAsync(DeletedShop deleted, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        await client.UpsertEntityAsync(new TableEntity(Partition, DeletedPrefix + deleted.ShopId)
        {
            ["ShopId"] = deleted.ShopId,
            ["MerchantId"] = deleted.MerchantId,
            ["Name"] = deleted.Name,
            ["DeletedAt"] = deleted.DeletedAt,
            ["DeletedBy"] = deleted.DeletedBy,
            ["RestoreForMerchantId"] = deleted.RestoreForMerchantId,
            ["RestoreAllowedAt"] = deleted.RestoreAllowedAt,
            ["RestoreAllowedBy"] = deleted.RestoreAllowedBy,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The record of a shop support deleted; null when it was not deleted (or was restored since).</summary>
    public async Task<DeletedShop?> GetDeletedAsync(string shopId, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, DeletedPrefix + shopId, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new DeletedShop(e.GetString("ShopId") ?? shopId, e.GetString("MerchantId") ?? "", e.GetString("Name") ?? "", e.GetDateTimeOffset("DeletedAt") ?? default,
            e.GetString("DeletedBy") ?? "", e.GetString("RestoreForMerchantId"), e.GetDateTimeOffset("RestoreAllowedAt"), e.GetString("RestoreAllowedBy"));
    }

    /// <summary>Forgets a deletion (the shop was restored).</summary>
    public async Task ForgetDeletedAsync(string shopId, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            await client.DeleteEntityAsync(Partition, DeletedPrefix + shopId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>
    /// Pages the shops of one status, a thousand rows per page at most (the index rows: id, merchant, app, authorization).
    /// Pass the returned continuation to get the next page; null when there is none.
    /// </summary>
    public async Task<(IReadOnlyList<ShopIndexEntry> Shops, string? Continuation)> ListByStatusAsync(ShopStatus status, string? continuation, int pageSize,
        CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var from = StatusPrefix + status + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {from} and RowKey lt {from + "~"}");
        await foreach (var page in client.QueryAsync<TableEntity>(filter, Math.Clamp(pageSize, 1, 1000), cancellationToken: cancellationToken)
                           .AsPages(continuation, Math.Clamp(pageSize, 1, 1000)))
        {
            var entries = page.Values.Select(e => new ShopIndexEntry(
                e.GetString("ShopId")!, e.GetString("MerchantId") ?? "", e.GetString("AppKey") ?? "", e.GetString("AuthorizationId") ?? "", status)).ToList();
            return (entries, page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// Every shop in a status, read from the status index a page (1,000) at a time: the one way timers fan out over
    /// "every Active shop", and the next page loads only when the caller has used the previous one.
    /// </summary>
    public async IAsyncEnumerable<ShopIndexEntry> AllByStatusAsync(ShopStatus status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var (page, next) = await ListByStatusAsync(status, continuation, 1000, cancellationToken);
            foreach (var entry in page)
            {
                yield return entry;
            }

            continuation = next;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// One page of shops (by id), optionally of one merchant, status and region: a filtered range scan of the shop rows
    /// with the table's own continuation.
    /// </summary>
    public async Task<(IReadOnlyList<ShopRecord> Shops, string? Continuation)> ListPageAsync(string? merchantId, ShopStatus? status, string? region,
        string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {ShopPrefix} and RowKey lt {"shop}"}");
        if (merchantId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"MerchantId eq {merchantId}");
        }

        if (status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.Value.ToString()}");
        }

        if (region is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Region eq {region}");
        }

        var size = Math.Clamp(pageSize, 1, 1000);
        await foreach (var page in client.QueryAsync<TableEntity>(filter, size, cancellationToken: cancellationToken).AsPages(continuation, size))
        {
            return (page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>The shops whose tokens belong to one seller authorization.</summary>
    public Task<IReadOnlyList<ShopRecord>> ListByAuthorizationAsync(string authorizationId, CancellationToken cancellationToken) =>
        ListShopsAsync(TableClient.CreateQueryFilter($"AuthorizationId eq {authorizationId}"), cancellationToken);

    public Task<IReadOnlyList<ShopRecord>> ListByMerchantAsync(string merchantId, CancellationToken cancellationToken) =>
        ListShopsAsync(TableClient.CreateQueryFilter($"MerchantId eq {merchantId}"), cancellationToken);

    /// <summary>Every shop (tests and small admin views).</summary>
    public Task<IReadOnlyList<ShopRecord>> ListAllAsync(CancellationToken cancellationToken) => ListShopsAsync(null, cancellationToken);

    private async Task<IReadOnlyList<ShopRecord>> ListShopsAsync(string? extraFilter, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {ShopPrefix} and RowKey lt {"shop}"}");
        if (extraFilter is not null)
        {
            filter += " and " + extraFilter;
        }

        var shops = new List<ShopRecord>();
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            shops.Add(FromEntity(entity));
        }

        return shops;
    }

    private static string ShopKey(string shopId) => ShopPrefix + shopId;

    private static string IndexKey(ShopStatus status, string shopId) => StatusPrefix + status + "|" + shopId;

    private static TableEntity IndexEntity(ShopRecord shop) => new(Partition, IndexKey(shop.Status, shop.ShopId))
    {
        ["ShopId"] = shop.ShopId,
        ["MerchantId"] = shop.MerchantId,
        ["AppKey"] = shop.AppKey,
        ["AuthorizationId"] = shop.AuthorizationId,
    };

    private static TableEntity ToEntity(ShopRecord shop) => new(Partition, ShopKey(shop.ShopId))
    {
        ["ShopId"] = shop.ShopId,
        ["MerchantId"] = shop.MerchantId,
        ["Name"] = shop.Name,
        ["TikTokName"] = shop.TikTokName,
        ["RenamedBySupport"] = shop.RenamedBySupport,
        ["Region"] = shop.Region,
        ["Cipher"] = shop.Cipher,
        ["SellerType"] = shop.SellerType,
        ["AppKey"] = shop.AppKey,
        ["AuthorizationId"] = shop.AuthorizationId,
        ["Status"] = shop.Status.ToString(),
        ["StatusBeforeReauthorization"] = shop.StatusBeforeReauthorization?.ToString(),
        ["AccessTokenExpiresAt"] = shop.AccessTokenExpiresAt,
        ["RefreshTokenExpiresAt"] = shop.RefreshTokenExpiresAt,
        ["ActivationPendingSince"] = shop.ActivationPendingSince,
        ["CreatedAt"] = shop.CreatedAt,
        ["UpdatedAt"] = shop.UpdatedAt,
        ["Settings"] = shop.Settings.ToJson(),
    };

    private static ShopRecord FromEntity(TableEntity e) => new()
    {
        ShopId = e.GetString("ShopId")!,
        MerchantId = e.GetString("MerchantId") ?? "",
        Name = e.GetString("Name") ?? "",
        TikTokName = e.GetString("TikTokName") ?? e.GetString("Name") ?? "",
        RenamedBySupport = e.GetBoolean("RenamedBySupport") ?? false,
        Region = e.GetString("Region") ?? "",
        Cipher = e.GetString("Cipher") ?? "",
        SellerType = e.GetString("SellerType"),
        AppKey = e.GetString("AppKey") ?? "",
        AuthorizationId = e.GetString("AuthorizationId") ?? "",
        Status = Enum.Parse<ShopStatus>(e.GetString("Status") ?? nameof(ShopStatus.PendingActivation)),
        StatusBeforeReauthorization = e.GetString("StatusBeforeReauthorization") is { Length: > 0 } before ? Enum.Parse<ShopStatus>(before) : null,
        AccessTokenExpiresAt = e.GetDateTimeOffset("AccessTokenExpiresAt"),
        RefreshTokenExpiresAt = e.GetDateTimeOffset("RefreshTokenExpiresAt"),
        ActivationPendingSince = e.GetDateTimeOffset("ActivationPendingSince"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Settings = ShopSettings.FromJson(e.GetString("Settings")),
        ETag = e.ETag,
    };
}

/// <summary>
/// A shop support deleted: it stays deleted when the seller authorizes again, until support asks for it back (an
/// onboarding link with <c>restoreShopIds</c> for <paramref name="RestoreForMerchantId"/>).
/// </summary>
public sealed record DeletedShop(string ShopId, string MerchantId, string Name, DateTimeOffset DeletedAt, string DeletedBy,
    string? RestoreForMerchantId = null, DateTimeOffset? RestoreAllowedAt = null, string? RestoreAllowedBy = null);

/// <summary>A status index row: enough to fan out work for a shop without reading the shop row.</summary>
public sealed record ShopIndexEntry(string ShopId, string MerchantId, string AppKey, string AuthorizationId, ShopStatus Status);
