using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.AfterSales;

/// <summary>A stored request and the ETag it was read with.</summary>
public sealed record VersionedRequest(AfterSalesRequest Request, ETag ETag);

/// <summary>
/// After-sales requests in table <c>AfterSalesRequests</c>: partition = merchant, row = <c>c-{cancel_id}</c> or <c>r-{return_id}</c>,
/// with the filterable columns (shop, order, kind, state, deadline) beside the whole request as JSON, and the merchant's
/// <see cref="AfterSalesFigures"/> of each shop in row <see cref="FiguresRowKey"/>, written in the same transaction as every
/// request of the shop (one row per shop, so the shops of a merchant never race for one row).
/// Writes are optimistic (insert-only for new rows, ETag on update, the figures row's ETag too).
/// </summary>
public sealed class AfterSalesStore(StorageClients storage)
{
    public const string TableName = "AfterSalesRequests";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A shop's figures row in its merchant's partition; after every request row ("c-", "r-").</summary>
    public static string FiguresRowKey(string shopId) => "~figures|" + TableKeys.Escape(shopId);

    /// <summary>Only the requests of a partition (not its figures row).</summary>
    private const string RequestRows = "RowKey lt '~'";

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

    /// <summary>
    /// Inserts (when <paramref name="before"/> is null) or replaces the request if unchanged since <paramref name="before"/>
    /// was read, and moves the merchant's figures with it, in one transaction; <see cref="ConcurrencyConflictException"/>
    /// on a race (the caller reads again and retries).
    /// </summary>
    public async Task<ETag> SaveAsync(AfterSalesRequest request, VersionedRequest? before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(request.MerchantId);
        var (figures, figuresTag) = await FiguresAsync(table, partition, request.ShopId, cancellationToken);
        var figuresRow = ToEntity(partition, request.ShopId, figures.Moved(before?.Request, request));
        TableTransactionAction[] actions =
        [
            before is { } read
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(request), read.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, ToEntity(request)),
            figuresTag is { } tag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, figuresRow, tag)
                : new TableTransactionAction(TableTransactionActionType.Add, figuresRow),
        ];
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            return response.Value[0].Headers.ETag ?? default;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"After-sales request {request.RequestId} of merchant {request.MerchantId} changed meanwhile.", e);
        }
    }

    /// <summary>
    /// A shop's after-sales figures (one point read). A shop whose requests predate the figures gets them counted from its
    /// rows once, on the first read or write.
    /// </summary>
    public async Task<AfterSalesFigures> FiguresAsync(string merchantId, string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(merchantId);
        var (figures, tag) = await FiguresAsync(table, partition, shopId, cancellationToken);
        if (tag is null && figures.ByState.Count > 0)
        {
            try
            {
                await table.AddEntityAsync(ToEntity(partition, shopId, figures), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return (await FiguresAsync(table, partition, shopId, cancellationToken)).Figures; // a write counted them first
            }
        }

        return figures;
    }

    /// <summary>The shop's figures row and its ETag; when there is none yet, the figures counted from its rows and no ETag.</summary>
    private static async Task<(AfterSalesFigures Figures, ETag? ETag)> FiguresAsync(TableClient table, string partition, string shopId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, FiguresRowKey(shopId), cancellationToken: cancellationToken);
        if (found.HasValue)
        {
            var row = found.Value!;
            return (new AfterSalesFigures(
                JsonSerializer.Deserialize<Dictionary<string, int>>(row.GetString("ByState") ?? "{}", Json)!,
                JsonSerializer.Deserialize<Dictionary<string, long>>(TableRows.ReadChunks(row, TableRows.Numbered("Awaiting")) is { Length: > 0 } text ? text : "{}", Json)!), row.ETag);
        }

        var requests = new List<AfterSalesRequest>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and ShopId eq {shopId}") + " and " + RequestRows;
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            requests.Add(FromEntity(e));
        }

        return (AfterSalesFigures.Of(requests), null);
    }

    private static TableEntity ToEntity(string partition, string shopId, AfterSalesFigures figures)
    {
        var entity = new TableEntity(partition, FiguresRowKey(shopId)) { ["ByState"] = JsonSerializer.Serialize(figures.ByState, Json) };
        TableRows.WriteChunks(entity, JsonSerializer.Serialize(figures.AwaitingDeadlines, Json), TableRows.Numbered("Awaiting"));
        return entity;
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
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(merchantId)}") + " and " + RequestRows;
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

    /// <summary>Removes every request of a shop (and its after-sales pull watermark); answers how many requests.</summary>
    public async Task<int> DeleteShopAsync(string merchantId, string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(merchantId)} and ShopId eq {shopId}");
        var removed = await TableRows.DeleteWhereAsync(table, TableKeys.Escape(merchantId), filter, ["RowKey"], cancellationToken);
        await table.DeleteEntityAsync(TableKeys.Escape(merchantId), FiguresRowKey(shopId), ETag.All, cancellationToken);

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
