using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Orders;

/// <summary>A stored order and the ETag it was read with (null when it does not exist yet).</summary>
public sealed record VersionedOrder(StoredOrder Order, ETag? ETag);

/// <summary>Two writers raced for the same orders; reload and apply again.</summary>
public sealed class OrderWriteConflictException(string shopId, Exception inner)
    : Exception($"Orders of shop {shopId} changed while being written.", inner);

/// <summary>
/// Orders in Table Storage: table <c>Orders</c>, partition = shop id, row = order id. Writes are optimistic
/// (ETag on update, insert-only for new rows) and batched: up to 100 rows per transaction.
/// </summary>
public sealed class OrderStore(StorageClients storage)
{
    public const string TableName = "Orders";
    public const int TransactionLimit = 100;
    private const int ReadConcurrency = 16;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The ship-by deadline as a column of its own, so the back office's deadline filters run in the table query.</summary>
    public const string ShipByColumn = "ShipBy";

    public const string CollectByColumn = "CollectBy";

    public async Task<VersionedOrder?> GetAsync(string shopId, string orderId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shopId), TableKeys.Escape(orderId), cancellationToken: cancellationToken);
        return found.HasValue ? new VersionedOrder(FromEntity(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>The stored versions of these orders of one shop, by order id (missing ones are absent).</summary>
    public async Task<Dictionary<string, VersionedOrder>> GetManyAsync(string shopId, IEnumerable<string> orderIds, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, VersionedOrder>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            orderIds.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (orderId, ct) =>
            {
                var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shopId), TableKeys.Escape(orderId), cancellationToken: ct);
                if (entity.HasValue)
                {
                    found[orderId] = new VersionedOrder(FromEntity(entity.Value!), entity.Value!.ETag);
                }
            });
        return new Dictionary<string, VersionedOrder>(found, StringComparer.Ordinal);
    }

    /// <summary>
    /// The version rows (<see cref="OrderVersionDay"/>) of these creation days of one shop: one range query when the days
    /// lie within a month of each other (a page of TikTok's search almost always does), else one point read per day. A day
    /// without a row yet comes back empty.
    /// </summary>
    public async Task<Dictionary<DateOnly, OrderVersionDay>> ReadVersionsAsync(string shopId, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        var wanted = days.Distinct().Order().ToArray();
        var found = new Dictionary<DateOnly, OrderVersionDay>();
        if (wanted.Length == 0)
        {
            return found;
        }

        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(shopId);
        if (wanted[^1].DayNumber - wanted[0].DayNumber <= 31)
        {
            var filter = $"PartitionKey eq {TableKeys.Literal(partition)} and RowKey ge {TableKeys.Literal(OrderVersionDay.RowKey(wanted[0]))} and RowKey le {TableKeys.Literal(OrderVersionDay.RowKey(wanted[^1]))}";
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                var day = OrderVersionDay.FromEntity(entity);
                if (Array.BinarySearch(wanted, day.Day) >= 0)
                {
                    found[day.Day] = day;
                }
            }
        }
        else
        {
            var rows = await Task.WhenAll(wanted.Select(d => table.GetEntityIfExistsAsync<TableEntity>(partition, OrderVersionDay.RowKey(d), cancellationToken: cancellationToken)));
            foreach (var row in rows.Where(r => r.HasValue))
            {
                var day = OrderVersionDay.FromEntity(row.Value!);
                found[day.Day] = day;
            }
        }

        foreach (var day in wanted.Where(d => !found.ContainsKey(d)))
        {
            found[day] = OrderVersionDay.Empty(day);
        }

        return found;
    }

    /// <summary>
    /// Writes orders of one shop in transactions of up to 100: new ones are inserted (failing if someone else inserted
    /// meanwhile), existing ones replaced only if unchanged since read. Throws <see cref="OrderWriteConflictException"/>
    /// on a race; a transaction either stores all its rows or none.
    /// </summary>
    /// <remarks>The version rows of the orders' creation days are read (one query) and written in the same transaction, so they
    /// stay in step with every writer's changes (the shop's counts by state are made of them).</remarks>
    public async Task SaveAsync(string shopId, IReadOnlyList<VersionedOrder> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return;
        }

        var versions = await ReadVersionsAsync(shopId, orders.Select(o => OrderVersionDay.DayOf(o.Order.CreateTime)), cancellationToken);
        foreach (var order in orders)
        {
            versions[OrderVersionDay.DayOf(order.Order.CreateTime)].Set(order.Order);
        }

        await SaveAsync(shopId, orders, versions.Values, cancellationToken);
    }

    /// <summary>
    /// A shop's orders by connector state, from its version rows (<see cref="OrderVersionDay.StatesColumn"/>): one query of
    /// one small column per creation day, whatever the number of orders.
    /// </summary>
    public async Task<Dictionary<OrderState, int>> CountByStateAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        if (!(await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shopId), OrderVersionDay.BuiltRow, ["RowKey"], cancellationToken)).HasValue)
        {
            await BuildVersionsAsync(shopId, cancellationToken);
        }

        var counts = Enum.GetValues<OrderState>().ToDictionary(s => s, _ => 0);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} and RowKey ge {TableKeys.Literal(OrderVersionDay.RowPrefix)} and RowKey lt {TableKeys.Literal(OrderVersionDay.RowPrefix + ":")}";
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: [OrderVersionDay.StatesColumn], cancellationToken: cancellationToken))
        {
            if (row.GetString(OrderVersionDay.StatesColumn) is { Length: > 0 } json)
            {
                foreach (var (state, n) in JsonSerializer.Deserialize<Dictionary<string, int>>(json, Json) ?? [])
                {
                    if (Enum.TryParse<OrderState>(state, out var known))
                    {
                        counts[known] += n;
                    }
                }
            }
        }

        return counts;
    }

    /// <summary>
    /// Writes orders as <see cref="SaveAsync(string, IReadOnlyList{VersionedOrder}, CancellationToken)"/> and, in the last
    /// transaction, the changed version rows (with their ETags: two importers racing on a day conflict and apply again).
    /// The version rows go last so they never list an order whose transaction failed.
    /// </summary>
    public async Task SaveAsync(string shopId, IReadOnlyList<VersionedOrder> orders, IReadOnlyCollection<OrderVersionDay> versions, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var days = versions.Where(d => d.Changed).Select(d => d.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, d.ToEntity(shopId), etag)
            : new TableTransactionAction(TableTransactionActionType.Add, d.ToEntity(shopId))).ToArray();
        var actions = orders.Select(o => o.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(o.Order), etag)
            : new TableTransactionAction(TableTransactionActionType.Add, ToEntity(o.Order))).Concat(days).ToArray();

        // Chunks of 100, but the version rows stay together in the last one.
        var chunks = new List<TableTransactionAction[]>();
        var orderCount = actions.Length - days.Length;
        var lastStart = Math.Max(0, Math.Min(orderCount, actions.Length - TransactionLimit));
        chunks.AddRange(actions[..lastStart].Chunk(TransactionLimit));
        chunks.AddRange(actions[lastStart..].Chunk(TransactionLimit));
        foreach (var chunk in chunks.Where(c => c.Length > 0))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new OrderWriteConflictException(shopId, ex);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new OrderWriteConflictException(shopId, ex);
            }
        }
    }

    /// <summary>
    /// Once per shop: lists in the version rows every order stored before version rows existed (reads every order of the
    /// shop once), then marks the shop built. Only missing entries are added: a listed entry was written with its order
    /// and is current. A race on a day row reads and adds again.
    /// </summary>
    public async Task BuildVersionsAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var orders = new List<StoredOrder>();
            await foreach (var order in AllAsync(shopId, null, cancellationToken))
            {
                orders.Add(order.Order);
            }

            var days = await ReadVersionsAsync(shopId, orders.Select(o => OrderVersionDay.DayOf(o.CreateTime)), cancellationToken);
            foreach (var order in orders)
            {
                var day = days[OrderVersionDay.DayOf(order.CreateTime)];
                if (!day.Entries.ContainsKey(order.OrderId))
                {
                    day.Set(order);
                }
            }

            foreach (var day in days.Values.Where(d => d.Changed))
            {
                // One row at a time: a day row may be up to 1 MiB and a transaction carries at most 4 MiB.
                await (day.ETag is { } etag
                    ? table.UpdateEntityAsync(day.ToEntity(shopId), etag, TableUpdateMode.Replace, cancellationToken)
                    : table.AddEntityAsync(day.ToEntity(shopId), cancellationToken));
            }
        });
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(shopId), OrderVersionDay.BuiltRow), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Once per shop: rewrites its version rows from its orders so that every entry carries the dashboard's figures (rows
    /// written before the figures existed lack them), lists orders missing from them, counts the last 72 hours' imports
    /// again, then marks the shop (<see cref="OrderVersionDay.FiguresBuiltRow"/>; also <see cref="OrderVersionDay.BuiltRow"/>).
    /// Idempotent: the rows are read before the orders and written with their ETags, so a writer storing an order meanwhile
    /// makes this try again rather than be overwritten.
    /// </summary>
    public async Task BuildFiguresAsync(string shopId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var partition = TableKeys.Escape(shopId);
        await OptimisticConcurrency.RetryAsync(async _ =>
        {
            var days = new Dictionary<DateOnly, OrderVersionDay>();
            var filter = $"PartitionKey eq {TableKeys.Literal(partition)} and RowKey ge {TableKeys.Literal(OrderVersionDay.RowPrefix)} and RowKey lt {TableKeys.Literal(OrderVersionDay.RowsBefore)}";
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: cancellationToken))
            {
                var day = OrderVersionDay.FromEntity(entity);
                days[day.Day] = day;
            }

            var recent = now.AddHours(-OrderVersionDay.ImportedHoursKept);
            var byDay = new Dictionary<DateOnly, List<StoredOrder>>();
            await foreach (var order in AllAsync(shopId, null, cancellationToken))
            {
                var dayOf = OrderVersionDay.DayOf(order.Order.CreateTime);
                var day = days.TryGetValue(dayOf, out var found) ? found : days[dayOf] = OrderVersionDay.Empty(dayOf);
                day.Set(order.Order.OrderId, OrderVersion.Of(order.Order));
                if (order.Order.ImportedAt >= recent)
                {
                    (byDay.TryGetValue(dayOf, out var list) ? list : byDay[dayOf] = []).Add(order.Order);
                }
            }

            foreach (var day in days.Values)
            {
                day.CountImports(byDay.GetValueOrDefault(day.Day) ?? []);
            }

            foreach (var day in days.Values.Where(d => d.Changed))
            {
                // One row at a time: a day row may be up to 1 MiB and a transaction carries at most 4 MiB.
                await (day.ETag is { } etag
                    ? table.UpdateEntityAsync(day.ToEntity(shopId), etag, TableUpdateMode.Replace, cancellationToken)
                    : table.AddEntityAsync(day.ToEntity(shopId), cancellationToken));
            }
        });
        await table.UpsertEntityAsync(new TableEntity(partition, OrderVersionDay.BuiltRow), TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(partition, OrderVersionDay.FiguresBuiltRow) { ["At"] = now }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// The dashboard's figures of a shop's day rows (<see cref="OrderVersionDay.FigureColumns"/>, never the entries): one
    /// query for the markers and every day row, a page per 1,000 days. Null when the shop's rows predate the figures (see
    /// <see cref="BuildFiguresAsync"/>) and it has orders.
    /// </summary>
    public async Task<IReadOnlyList<TableEntity>?> ReadFiguresAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} and RowKey ge {TableKeys.Literal(OrderVersionDay.RowsFrom)} and RowKey lt {TableKeys.Literal(OrderVersionDay.RowsBefore)}";
        var rows = new List<TableEntity>();
        var built = false;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: OrderVersionDay.FigureColumns, cancellationToken: cancellationToken))
        {
            if (row.RowKey == OrderVersionDay.FiguresBuiltRow)
            {
                built = true;
            }
            else if (row.RowKey.StartsWith(OrderVersionDay.RowPrefix, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return built ? rows : null;
    }

    /// <summary>One page of a shop's orders in a state.</summary>
    public Task<(IReadOnlyList<VersionedOrder> Orders, string? ContinuationToken)> QueryAsync(
        string shopId, OrderState? state, string? continuationToken, int pageSize, CancellationToken cancellationToken) =>
        QueryAsync(shopId, state, extraFilter: null, continuationToken, pageSize, cancellationToken);

    /// <summary>One page of a shop's orders in a state, narrowed by an OData filter on its columns (e.g. <see cref="ShipByColumn"/>).</summary>
    public async Task<(IReadOnlyList<VersionedOrder> Orders, string? ContinuationToken)> QueryAsync(
        string shopId, OrderState? state, string? extraFilter, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = Filter(shopId, state, extraFilter);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(e => new VersionedOrder(FromEntity(e), e.ETag)).ToArray(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Only the deadlines of a shop's orders matching the filter: what a sorted listing sorts before it reads a page.</summary>
    public async IAsyncEnumerable<(string OrderId, DateTimeOffset? ShipBy, DateTimeOffset? CollectBy)> QueryDeadlinesAsync(
        string shopId, OrderState? state, string? extraFilter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await foreach (var e in table.QueryAsync<TableEntity>(Filter(shopId, state, extraFilter), maxPerPage: 1000, select: ["RowKey", ShipByColumn, CollectByColumn],
                           cancellationToken: cancellationToken))
        {
            yield return (TableKeys.Unescape(e.RowKey), e.GetDateTimeOffset(ShipByColumn), e.GetDateTimeOffset(CollectByColumn));
        }
    }

    private static string Filter(string shopId, OrderState? state, string? extraFilter) =>
        $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} and RowKey lt {TableKeys.Literal(OrderVersionDay.OrdersBefore)}"
        + (state is { } s ? $" and State eq {TableKeys.Literal(s.ToString())}" : string.Empty)
        + (string.IsNullOrEmpty(extraFilter) ? string.Empty : $" and ({extraFilter})");

    /// <summary>Every order of a shop (paged through), for deletes and admin counts.</summary>
    public async IAsyncEnumerable<VersionedOrder> AllAsync(string shopId, OrderState? state, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var (orders, next) = await QueryAsync(shopId, state, token, 1000, cancellationToken);
            foreach (var order in orders)
            {
                yield return order;
            }

            token = next;
        }
        while (token is not null);
    }

    /// <summary>The order with this id in whichever shop holds it (a scan by row key: for support's rare questions).</summary>
    public async Task<IReadOnlyList<StoredOrder>> FindInAnyShopAsync(string orderId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = new List<StoredOrder>();
        await foreach (var entity in table.QueryAsync<TableEntity>($"RowKey eq {TableKeys.Literal(TableKeys.Escape(orderId))}", cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return found;
    }

    /// <summary>Removes every order of a shop and its version rows; answers how many orders.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var versionRows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(
                           $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} and RowKey ge {TableKeys.Literal(OrderVersionDay.OrdersBefore)}", select: ["RowKey"], cancellationToken: cancellationToken))
        {
            versionRows++;
        }

        return await TableRows.DeletePartitionAsync(table, TableKeys.Escape(shopId), cancellationToken) - versionRows;
    }

    internal static TableEntity ToEntity(StoredOrder o) => new(TableKeys.Escape(o.ShopId), TableKeys.Escape(o.OrderId))
    {
        ["MerchantId"] = o.MerchantId,
        ["TikTokStatus"] = o.TikTokStatus,
        ["UpdateTime"] = o.UpdateTime,
        ["CreateTime"] = o.CreateTime,
        ["PaidTime"] = o.PaidTime,
        ["State"] = o.State.ToString(),
        ["StateReason"] = o.StateReason,
        ["MissingSkus"] = JsonSerializer.Serialize(o.MissingSkus, Json),
        ["Lines"] = JsonSerializer.Serialize(o.Lines, Json),
        ["Amounts"] = JsonSerializer.Serialize(o.Amounts, Json),
        ["Recipient"] = o.Recipient is null ? null : JsonSerializer.Serialize(o.Recipient, Json),
        ["History"] = JsonSerializer.Serialize(o.History, Json),
        ["Packages"] = o.Packages.Count == 0 ? null : JsonSerializer.Serialize(o.Packages, Json),
        ["CancellationRequest"] = o.CancellationRequest is null ? null : JsonSerializer.Serialize(o.CancellationRequest, Json),
        ["AfterSales"] = o.AfterSales is null ? null : JsonSerializer.Serialize(o.AfterSales, Json),
        ["Deadlines"] = o.Deadlines == OrderDeadlines.None ? null : JsonSerializer.Serialize(o.Deadlines, Json),
        [ShipByColumn] = o.Deadlines.ShipBy,
        [CollectByColumn] = o.Deadlines.CollectBy,
        ["AddressChange"] = o.AddressChange is null ? null : JsonSerializer.Serialize(o.AddressChange, Json),
        ["BuyerMessage"] = o.BuyerMessage,
        ["ShippingType"] = o.ShippingType,
        ["FulfillmentType"] = o.FulfillmentType,
        ["WarehouseId"] = o.WarehouseId,
        ["DeliveryOptionId"] = o.DeliveryOptionId,
        ["DeliveryOptionName"] = o.DeliveryOptionName,
        ["DeliveryType"] = o.DeliveryType,
        ["TrackingNumber"] = o.TrackingNumber,
        ["IsOnHold"] = o.IsOnHold,
        ["ShippedByPlatform"] = o.ShippedByPlatform,
        ["BuyerRequestedCancel"] = o.BuyerRequestedCancel,
        ["CancelReason"] = o.CancelReason,
        ["Source"] = o.Source,
        ["ReleasedAt"] = o.ReleasedAt,
        ["ImportedAt"] = o.ImportedAt,
        ["UpdatedAt"] = o.UpdatedAt,
    };

    internal static StoredOrder FromEntity(TableEntity e) => new()
    {
        ShopId = TableKeys.Unescape(e.PartitionKey),
        OrderId = TableKeys.Unescape(e.RowKey),
        MerchantId = e.GetString("MerchantId") ?? string.Empty,
        TikTokStatus = e.GetString("TikTokStatus") ?? string.Empty,
        UpdateTime = e.GetInt64("UpdateTime") ?? 0,
        CreateTime = e.GetInt64("CreateTime") ?? 0,
        PaidTime = e.GetInt64("PaidTime"),
        State = Enum.Parse<OrderState>(e.GetString("State") ?? nameof(OrderState.Pending)),
        StateReason = e.GetString("StateReason") ?? string.Empty,
        MissingSkus = Read<string[]>(e, "MissingSkus") ?? [],
        Lines = Read<OrderLine[]>(e, "Lines") ?? [],
        Amounts = Read<OrderAmounts>(e, "Amounts") ?? new OrderAmounts(null, null, null, null, null, null, null),
        Recipient = Read<OrderRecipient>(e, "Recipient"),
        History = Read<OrderStateChange[]>(e, "History") ?? [],
        Packages = Read<OrderPackage[]>(e, "Packages") ?? [],
        CancellationRequest = Read<OrderCancellationRequest>(e, "CancellationRequest"),
        AfterSales = Read<OrderAfterSales>(e, "AfterSales"),
        Deadlines = Read<OrderDeadlines>(e, "Deadlines") ?? OrderDeadlines.None,
        AddressChange = Read<OrderAddressChange>(e, "AddressChange"),
        BuyerMessage = e.GetString("BuyerMessage"),
        ShippingType = e.GetString("ShippingType"),
        FulfillmentType = e.GetString("FulfillmentType"),
        WarehouseId = e.GetString("WarehouseId"),
        DeliveryOptionId = e.GetString("DeliveryOptionId"),
        DeliveryOptionName = e.GetString("DeliveryOptionName"),
        DeliveryType = e.GetString("DeliveryType"),
        TrackingNumber = e.GetString("TrackingNumber"),
        IsOnHold = e.GetBoolean("IsOnHold") ?? false,
        ShippedByPlatform = e.GetBoolean("ShippedByPlatform") ?? false,
        BuyerRequestedCancel = e.GetBoolean("BuyerRequestedCancel") ?? false,
        CancelReason = e.GetString("CancelReason"),
        Source = e.GetString("Source") ?? OrderSources.Poll,
        ReleasedAt = e.GetDateTimeOffset("ReleasedAt"),
        ImportedAt = e.GetDateTimeOffset("ImportedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
    };

    private static T? Read<T>(TableEntity e, string name) =>
        e.GetString(name) is { Length: > 0 } json ? JsonSerializer.Deserialize<T>(json, Json) : default;
}
