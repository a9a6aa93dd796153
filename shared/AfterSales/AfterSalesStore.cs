using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.AfterSales;

/// <summary>A stored request and the ETag it was read with.</summary>
public sealed record VersionedRequest(AfterSalesRequest Request, ETag ETag);

/// <summary>
/// After-sales requests in table <c>AfterSalesRequests</c>: partition = merchant, row = <c>c-{cancel_id}</c> or <c>r-{return_id}</c>,
/// with the filterable columns (shop, order, kind, state, deadline) beside the whole request as JSON. Writes are optimistic
/// (insert-only for new rows, ETag on update).
/// </summary>
public sealed class AfterSalesStore(StorageClients storage)
{
    public const string TableName = "AfterSalesRequests";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string RowKey(AfterSalesKind kind, string requestId) => (kind == AfterSalesKind.Cancellation ? "c-" : "r-") + TableKeys.Escape(requestId);

    public async Task<VersionedRequest?> GetAsync(string merchantId, AfterSalesKind kind, string requestId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(merchantId), RowKey(kind, requestId), cancellationToken: cancellationToken);
        return found.HasValue ? new VersionedRequest(FromEntity(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>The merchant's request with this TikTok id, whether a cancellation or a return.</summary>
    public async Task<VersionedRequest?> FindAsync(string merchantId, string requestId, CancellationToken cancellationToken) =>
        await GetAsync(merchantId, AfterSalesKind.Cancellation, requestId, cancellationToken) ?? await GetAsync(merchantId, AfterSalesKind.Return, requestId, cancellationToken);

    /// <summary>Inserts (when <paramref name="etag"/> is null) or replaces if unchanged since read; <see cref="ConcurrencyConflictException"/> on a race.</summary>
    public async Task<ETag> SaveAsync(AfterSalesRequest request, ETag? etag, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var entity = ToEntity(request);
        try
        {
            var response = etag is { } tag
                ? await table.UpdateEntityAsync(entity, tag, TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(entity, cancellationToken);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"After-sales request {request.RequestId} of merchant {request.MerchantId} changed meanwhile.", e);
        }
    }

    /// <summary>The requests of one order.</summary>
    public async Task<IReadOnlyList<AfterSalesRequest>> ForOrderAsync(string merchantId, string shopId, string orderId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var list = new List<AfterSalesRequest>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(merchantId)} and ShopId eq {shopId} and OrderId eq {orderId}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(e));
        }

        return list;
    }

    /// <summary>A merchant's requests matching the filters (server side; the caller sorts and pages them).</summary>
    public async Task<IReadOnlyList<AfterSalesRequest>> QueryAsync(string merchantId, AfterSalesQuery query, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(merchantId)}");
        if (query.States is { Count: > 0 } states)
        {
            filter += " and (" + string.Join(" or ", states.Select(s => TableClient.CreateQueryFilter($"State eq {s.ToString()}"))) + ")";
        }

        if (query.Kind is { } kind)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Kind eq {kind.ToString()}");
        }

        if (query.ShopId is { } shopId)
        {
            filter += " and " + TableClient.CreateQueryFilter($"ShopId eq {shopId}");
        }

        if (query.OrderId is { } orderId)
        {
            filter += " and " + TableClient.CreateQueryFilter($"OrderId eq {orderId}");
        }

        if (query.DeadlineBefore is { } before)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Deadline le {before}");
        }

        var list = new List<AfterSalesRequest>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(e));
        }

        return list;
    }

    /// <summary>Every request waiting for the seller, across merchants (the deadline check and the dashboard).</summary>
    public async IAsyncEnumerable<AfterSalesRequest> AwaitingSellerAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await foreach (var e in table.QueryAsync<TableEntity>("AwaitsSeller eq true", maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    /// <summary>Requests per state across every merchant (the dashboard; only the state column is read).</summary>
    public async Task<Dictionary<string, int>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var counts = Enum.GetNames<AfterSalesState>().ToDictionary(n => n, _ => 0);
        await foreach (var e in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, select: ["State"], cancellationToken: cancellationToken))
        {
            if (e.GetString("State") is { } state && counts.ContainsKey(state))
            {
                counts[state]++;
            }
        }

        return counts;
    }

    /// <summary>Removes every request of a shop (and its after-sales pull watermark); answers how many requests.</summary>
    public async Task<int> DeleteShopAsync(string merchantId, string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(merchantId)} and ShopId eq {shopId}");
        var removed = await TableRows.DeleteWhereAsync(table, TableKeys.Escape(merchantId), filter, ["RowKey"], cancellationToken);

        var checkpoints = await storage.TableAsync(AfterSalesPull.CheckpointTable, cancellationToken);
        await checkpoints.DeleteEntityAsync("checkpoint", TableKeys.Escape(shopId), ETag.All, cancellationToken);
        return removed.Count;
    }

    private static TableEntity ToEntity(AfterSalesRequest r) => new(TableKeys.Escape(r.MerchantId), RowKey(r.Kind, r.RequestId))
    {
        ["ShopId"] = r.ShopId,
        ["OrderId"] = r.OrderId,
        ["RequestId"] = r.RequestId,
        ["Kind"] = r.Kind.ToString(),
        ["Type"] = r.Type,
        ["State"] = r.State.ToString(),
        ["TikTokStatus"] = r.TikTokStatus,
        ["AwaitsSeller"] = r.AwaitsSeller,
        ["Deadline"] = r.Deadline,
        ["UpdateTime"] = r.UpdateTime,
        ["Request"] = JsonSerializer.Serialize(r, Json),
    };

    private static AfterSalesRequest FromEntity(TableEntity e) => JsonSerializer.Deserialize<AfterSalesRequest>(e.GetString("Request")!, Json)!;
}

/// <summary>Filters of a merchant's after-sales list.</summary>
public sealed record AfterSalesQuery(
    IReadOnlyCollection<AfterSalesState>? States = null,
    AfterSalesKind? Kind = null,
    string? ShopId = null,
    string? OrderId = null,
    DateTimeOffset? DeadlineBefore = null);
