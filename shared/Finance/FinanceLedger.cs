using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;
using Connector.TikTok.Api;

namespace Connector.Finance;

/// <summary>What one ledger write changed.</summary>
public sealed record LedgerCounts(int TransactionsNew, int TransactionsUpdated, int OrdersSettled, int OrdersUnsettled, int OrdersRemoved)
{
    public static readonly LedgerCounts Zero = new(0, 0, 0, 0, 0);

    public LedgerCounts Add(LedgerCounts other) => new(TransactionsNew + other.TransactionsNew, TransactionsUpdated + other.TransactionsUpdated,
        OrdersSettled + other.OrdersSettled, OrdersUnsettled + other.OrdersUnsettled, OrdersRemoved + other.OrdersRemoved);
}

/// <summary>
/// A shop's money in table <c>FinanceLedger</c>, one partition per shop, three kinds of rows:
/// <c>T|{statement_time}|{statement}|{transaction}</c> (every statement transaction, in settlement order, for the CSV
/// export), <c>O|{order}</c> (each order's settlement or estimate) and <c>D|{yyyy-MM-dd}|{currency}</c> (the day's
/// figures). Because they share a partition, a change to transactions and orders and the deltas it makes to the daily
/// figures go in one entity-group transaction: either all of it is stored or none, so a retried or resumed sync can
/// neither count anything twice nor lose it. Writes are optimistic (ETags); a lost race reads again.
/// </summary>
public sealed class FinanceLedger(StorageClients storage)
{
    public const string TableName = "FinanceLedger";

    /// <summary>Transactions per entity-group transaction: with their orders and days they stay under Table Storage's 100 actions.</summary>
    public const int TransactionsPerCommit = 30;

    /// <summary>Orders per entity-group transaction of unsettled estimates (an order row and at most one day row each).</summary>
    public const int OrdersPerCommit = 45;

    private const int ChunkLength = 30_000;
    private const int MaxChunks = 15;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(), new OrdinalBreakdownConverter() },
    };

    public static string TransactionKey(long statementTime, string statementId, string transactionId) =>
        $"T|{statementTime.ToString("D12", CultureInfo.InvariantCulture)}|{TableKeys.Escape(statementId)}|{TableKeys.Escape(transactionId)}";

    public static string OrderKey(string orderId) => "O|" + TableKeys.Escape(orderId);

    public static string DayKey(DateOnly day, string currency) => $"D|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{TableKeys.Escape(currency)}";

    /// <summary>
    /// Stores statement transactions (at most <see cref="TransactionsPerCommit"/>), settles their orders (with the SKU
    /// split and price detail <paramref name="detailsFor"/> answers for the transactions that are new or changed, asked
    /// once) and moves the daily figures by the difference, atomically. Unchanged transactions change nothing.
    /// </summary>
    public async Task<LedgerCounts> ApplySettledAsync(string shopId, IReadOnlyList<LedgerTransaction> transactions,
        Func<IReadOnlyList<LedgerTransaction>, Task<IReadOnlyDictionary<string, OrderDetails>>> detailsFor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (transactions.Count > TransactionsPerCommit)
        {
            throw new ArgumentException($"At most {TransactionsPerCommit} transactions per commit.", nameof(transactions));
        }

        var table = await storage.TableAsync(TableName, cancellationToken);
        IReadOnlyDictionary<string, OrderDetails>? details = null;
        return await OptimisticConcurrency.RetryAsync(async attempt =>
        {
            var storedTransactions = await ReadAsync(table, shopId, transactions.Select(Key), cancellationToken);
            var changed = transactions.Where(t => !storedTransactions.TryGetValue(Key(t), out var row) || ReadText(row) != Serialize(t)).ToArray();
            details ??= changed.Length == 0 ? new Dictionary<string, OrderDetails>() : await detailsFor(changed);
            var orderIds = changed.Select(t => t.RelatedOrderId).OfType<string>().Concat(details.Keys).Distinct(StringComparer.Ordinal).ToArray();
            var storedOrders = await ReadAsync(table, shopId, orderIds.Select(OrderKey), cancellationToken);
            var deltas = new Dictionary<(DateOnly, string), DailyFigures>();
            var actions = new List<TableTransactionAction>();
            int added = 0, updated = 0, settled = 0;
            foreach (var transaction in changed)
            {
                if (storedTransactions.TryGetValue(Key(transaction), out var row))
                {
                    FinanceRules.Add(deltas, FinanceRules.Contribution(Deserialize<LedgerTransaction>(row)), -1);
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, TransactionEntity(shopId, transaction, now), row.ETag));
                    updated++;
                }
                else
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, TransactionEntity(shopId, transaction, now)));
                    added++;
                }

                FinanceRules.Add(deltas, FinanceRules.Contribution(transaction), +1);
            }

            foreach (var orderId in orderIds)
            {
                storedOrders.TryGetValue(OrderKey(orderId), out var row);
                var before = row is null ? null : Deserialize<OrderSettlement>(row);
                var after = FinanceRules.Settle(before, shopId, orderId, changed.Where(t => t.RelatedOrderId == orderId), details.GetValueOrDefault(orderId), now);
                if (before is not null && Serialize(before with { UpdatedAt = default }) == Serialize(after with { UpdatedAt = default }))
                {
                    continue;
                }

                settled += before?.Status == SettlementStatus.Settled ? 0 : 1;
                FinanceRules.Add(deltas, FinanceRules.Contribution(before), -1);
                FinanceRules.Add(deltas, FinanceRules.Contribution(after), +1);
                actions.Add(row is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, OrderEntity(after))
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, OrderEntity(after), row.ETag));
            }

            if (actions.Count == 0)
            {
                return LedgerCounts.Zero;
            }

            await CommitAsync(table, shopId, actions, deltas, cancellationToken);
            return new LedgerCounts(added, updated, settled, 0, 0);
        });
    }

    /// <summary>
    /// Stores TikTok's estimates of unsettled orders (at most <see cref="OrdersPerCommit"/>), marking each as seen by
    /// <paramref name="runId"/>; orders already settled are left alone. Gross sales follow the estimates.
    /// </summary>
    public async Task<LedgerCounts> ApplyUnsettledAsync(string shopId, string runId, IReadOnlyList<TikTokUnsettledTransaction> estimates, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (estimates.Count > OrdersPerCommit)
        {
            throw new ArgumentException($"At most {OrdersPerCommit} orders per commit.", nameof(estimates));
        }

        var table = await storage.TableAsync(TableName, cancellationToken);
        var byOrder = estimates.Where(e => !string.IsNullOrEmpty(e.OrderId)).GroupBy(e => e.OrderId!, StringComparer.Ordinal).Select(g => g.Last()).ToArray();
        return await OptimisticConcurrency.RetryAsync(async attempt =>
        {
            var stored = await ReadAsync(table, shopId, byOrder.Select(e => OrderKey(e.OrderId!)), cancellationToken);
            var deltas = new Dictionary<(DateOnly, string), DailyFigures>();
            var actions = new List<TableTransactionAction>();
            var unsettled = 0;
            foreach (var estimate in byOrder)
            {
                stored.TryGetValue(OrderKey(estimate.OrderId!), out var row);
                var before = row is null ? null : Deserialize<OrderSettlement>(row);
                if (FinanceRules.Unsettled(before, shopId, estimate, now) is not { } after)
                {
                    continue;
                }

                if (before is not null && row!.GetString("UnsettledRun") == runId && Serialize(before) == Serialize(after))
                {
                    continue;
                }

                unsettled += before is null ? 1 : 0;
                FinanceRules.Add(deltas, FinanceRules.Contribution(before), -1);
                FinanceRules.Add(deltas, FinanceRules.Contribution(after), +1);
                var entity = OrderEntity(after);
                entity["UnsettledRun"] = runId;
                actions.Add(row is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, row.ETag));
            }

            if (actions.Count == 0)
            {
                return LedgerCounts.Zero;
            }

            await CommitAsync(table, shopId, actions, deltas, cancellationToken);
            return new LedgerCounts(0, 0, 0, unsettled, 0);
        });
    }

    /// <summary>
    /// Orders stored as unsettled that TikTok's unsettled list of run <paramref name="runId"/> no longer has and that did
    /// not settle (cancelled, refunded in full): removed, and their gross sales taken off their day.
    /// </summary>
    public async Task<int> RemoveStaleUnsettledAsync(string shopId, string runId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} and RowKey ge 'O|' and RowKey lt 'O}}' "
            + $"and Status eq '{SettlementStatus.Unsettled}' and UnsettledRun ne {TableKeys.Literal(runId)}";
        var removed = 0;
        await OptimisticConcurrency.RetryAsync(async attempt =>
        {
            var stale = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                stale.Add(row);
            }

            foreach (var chunk in stale.Chunk(OrdersPerCommit))
            {
                var deltas = new Dictionary<(DateOnly, string), DailyFigures>();
                foreach (var row in chunk)
                {
                    FinanceRules.Add(deltas, FinanceRules.Contribution(Deserialize<OrderSettlement>(row)), -1);
                }

                var actions = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), row.ETag)).ToList();
                await CommitAsync(table, shopId, actions, deltas, cancellationToken);
                removed += chunk.Length;
            }
        });
        return removed;
    }

    public async Task<OrderSettlement?> GetOrderAsync(string shopId, string orderId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shopId), OrderKey(orderId), cancellationToken: cancellationToken);
        return found.HasValue ? Deserialize<OrderSettlement>(found.Value!) : null;
    }

    /// <summary>One page of a shop's orders in a status (by order id).</summary>
    public async Task<(IReadOnlyList<OrderSettlement> Orders, string? ContinuationToken)> ListOrdersAsync(string shopId, SettlementStatus status, string? continuationToken, int pageSize,
        CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} and RowKey ge 'O|' and RowKey lt 'O}}' and Status eq '{status}'";
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(Deserialize<OrderSettlement>).ToArray(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>A shop's transactions of statements generated in [<paramref name="statementTimeFrom"/>, <paramref name="statementTimeTo"/>), in order, a page at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<LedgerTransaction>> TransactionPagesAsync(string shopId, long statementTimeFrom, long statementTimeTo,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} "
            + $"and RowKey ge {TableKeys.Literal("T|" + statementTimeFrom.ToString("D12", CultureInfo.InvariantCulture))} "
            + $"and RowKey lt {TableKeys.Literal("T|" + statementTimeTo.ToString("D12", CultureInfo.InvariantCulture))}";
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).AsPages())
        {
            yield return page.Values.Select(Deserialize<LedgerTransaction>).ToArray();
        }
    }

    /// <summary>A shop's daily figures from <paramref name="first"/> to <paramref name="last"/> (inclusive), every currency.</summary>
    public async Task<IReadOnlyList<DailyFigures>> DaysAsync(string shopId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(shopId))} "
            + $"and RowKey ge {TableKeys.Literal("D|" + first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} "
            + $"and RowKey lt {TableKeys.Literal("D|" + last.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}";
        var days = new List<DailyFigures>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            days.Add(Day(row));
        }

        return days;
    }

    /// <summary>Removes every finance row of a shop; answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return await TableRows.DeletePartitionAsync(table, TableKeys.Escape(shopId), cancellationToken);
    }

    /// <summary>
    /// Adds the day rows the deltas move to <paramref name="actions"/> and submits everything as one transaction; a lost
    /// race throws (409/412, or <see cref="ConcurrencyConflictException"/> for a row that vanished) for <see cref="OptimisticConcurrency"/>.
    /// </summary>
    private static async Task CommitAsync(TableClient table, string shopId, List<TableTransactionAction> actions, Dictionary<(DateOnly, string), DailyFigures> deltas,
        CancellationToken cancellationToken)
    {
        var moving = deltas.Values.Where(d => !d.IsZero).ToArray();
        var days = await ReadAsync(table, shopId, moving.Select(d => DayKey(d.Day, d.Currency)), cancellationToken);
        foreach (var delta in moving)
        {
            var key = DayKey(delta.Day, delta.Currency);
            if (days.TryGetValue(key, out var row))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, DayEntity(shopId, Day(row).Plus(delta)), row.ETag));
            }
            else
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, DayEntity(shopId, DailyFigures.Zero(delta.Day, delta.Currency).Plus(delta))));
            }
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new ConcurrencyConflictException($"A finance row of shop {shopId} was removed while being written.", e);
        }
    }

    private static async Task<Dictionary<string, TableEntity>> ReadAsync(TableClient table, string shopId, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, TableEntity>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(rowKeys.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (key, ct) =>
            {
                var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shopId), key, cancellationToken: ct);
                if (entity.HasValue)
                {
                    found[key] = entity.Value!;
                }
            });
        return new Dictionary<string, TableEntity>(found, StringComparer.Ordinal);
    }

    private static string Key(LedgerTransaction t) => TransactionKey(t.StatementTime, t.StatementId, t.TransactionId);

    private static TableEntity TransactionEntity(string shopId, LedgerTransaction t, DateTimeOffset now)
    {
        var entity = new TableEntity(TableKeys.Escape(shopId), Key(t))
        {
            ["Kind"] = "Transaction",
            ["OrderId"] = t.RelatedOrderId,
            ["UpdatedAt"] = now,
        };
        WriteText(entity, Serialize(t));
        return entity;
    }

    private static TableEntity OrderEntity(OrderSettlement o)
    {
        var entity = new TableEntity(TableKeys.Escape(o.ShopId), OrderKey(o.OrderId))
        {
            ["Kind"] = "Order",
            ["Status"] = o.Status.ToString(),
            ["UpdatedAt"] = o.UpdatedAt,
        };
        var json = Serialize(o);
        if (json.Length > ChunkLength * MaxChunks)
        {
            // Thousands of SKUs: keep the money, drop the SKU split rather than fail the sync.
            json = Serialize(o with { Skus = [], DetailsError = "The SKU split is too large to store; TikTok Seller Center shows it." });
        }

        WriteText(entity, json);
        return entity;
    }

    private static TableEntity DayEntity(string shopId, DailyFigures d) => new(TableKeys.Escape(shopId), DayKey(d.Day, d.Currency))
    {
        ["Kind"] = "Day",
        ["Day"] = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Currency"] = d.Currency,
        ["GrossSales"] = FinanceAmounts.Text(d.GrossSales),
        ["Orders"] = d.Orders,
        ["NetSettled"] = FinanceAmounts.Text(d.NetSettled),
        ["Revenue"] = FinanceAmounts.Text(d.Revenue),
        ["Fees"] = FinanceAmounts.Text(d.Fees),
        ["ShippingCosts"] = FinanceAmounts.Text(d.ShippingCosts),
        ["Adjustments"] = FinanceAmounts.Text(d.Adjustments),
        ["Transactions"] = d.Transactions,
    };

    private static DailyFigures Day(TableEntity e) => new()
    {
        Day = DateOnly.ParseExact(e.GetString("Day")!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Currency = e.GetString("Currency") ?? "",
        GrossSales = Decimal(e, "GrossSales"),
        Orders = e.GetInt64("Orders") ?? 0,
        NetSettled = Decimal(e, "NetSettled"),
        Revenue = Decimal(e, "Revenue"),
        Fees = Decimal(e, "Fees"),
        ShippingCosts = Decimal(e, "ShippingCosts"),
        Adjustments = Decimal(e, "Adjustments"),
        Transactions = e.GetInt64("Transactions") ?? 0,
    };

    private static decimal Decimal(TableEntity e, string name) => decimal.Parse(e.GetString(name) ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static T Deserialize<T>(TableEntity e) => JsonSerializer.Deserialize<T>(ReadText(e), Json) ?? throw new InvalidOperationException($"Row {e.RowKey} has no data.");

    /// <summary>Table Storage keeps at most 32K characters per string property: long JSON goes into Data, Data1, Data2, ...</summary>
    private static void WriteText(TableEntity entity, string text)
    {
        for (var i = 0; i * ChunkLength < text.Length || i == 0; i++)
        {
            entity[i == 0 ? "Data" : "Data" + i.ToString(CultureInfo.InvariantCulture)] = text.Substring(i * ChunkLength, Math.Min(ChunkLength, text.Length - (i * ChunkLength)));
        }
    }

    private static string ReadText(TableEntity entity)
    {
        var text = entity.GetString("Data") ?? "";
        for (var i = 1; entity.GetString("Data" + i.ToString(CultureInfo.InvariantCulture)) is { } more; i++)
        {
            text += more;
        }

        return text;
    }
}

/// <summary>Breakdowns read back sorted by ordinal name, as they were written, so a stored row compares equal to a fresh one.</summary>
internal sealed class OrdinalBreakdownConverter : System.Text.Json.Serialization.JsonConverter<SortedDictionary<string, decimal>>
{
    public override SortedDictionary<string, decimal> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var read = JsonSerializer.Deserialize<Dictionary<string, decimal>>(ref reader) ?? [];
        return new SortedDictionary<string, decimal>(read, StringComparer.Ordinal);
    }

    public override void Write(Utf8JsonWriter writer, SortedDictionary<string, decimal> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, amount) in value.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(name, amount);
        }

        writer.WriteEndObject();
    }
}
