using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;
using Connector.TikTok.Api;

namespace Connector.Orders;

/// <summary>
/// What the import needs to know of a stored order without reading it (TikTok's update_time and status as stored, and how
/// many SKUs it lacked) and the connector state it is in, which the shop's order counts are made of; and what the
/// dashboard's figures take from it: its gross sale (<c>currency:total</c>, null when cancelled or without a total), its
/// ship-by deadline while open (unix seconds) and the SKUs it waits for while Pending (escaped, comma-separated).
/// </summary>
public readonly record struct OrderVersion(long UpdateTime, string Status, int Missing, OrderState? State = null, string? Gross = null, long? ShipBy = null,
    string? Skus = null)
{
    public static OrderVersion Of(StoredOrder order) => new(order.UpdateTime, order.TikTokStatus, order.MissingSkus.Count, order.State,
        GrossOf(order), DeadlineRules.IsOpen(order.State) && order.Deadlines.ShipBy is { } shipBy ? shipBy.ToUnixTimeSeconds() : null,
        order.State == OrderState.Pending && order.MissingSkus.Count > 0 ? string.Join(',', order.MissingSkus.Select(Uri.EscapeDataString)) : null);

    /// <summary>What the order adds to gross sales: nothing when cancelled (before or after release) or without a total.</summary>
    public static string? GrossOf(StoredOrder order) =>
        order.State is OrderState.Cancelled or OrderState.CancelledAfterRelease || order.Amounts.Total is not { } total
            ? null
            : (order.Amounts.Currency ?? string.Empty) + ":" + total.ToString(CultureInfo.InvariantCulture);

    /// <summary>The SKUs of <see cref="Skus"/>.</summary>
    public IEnumerable<string> MissingSkus() => string.IsNullOrEmpty(Skus) ? [] : Skus.Split(',').Select(Uri.UnescapeDataString);
}

/// <summary>
/// The stored versions of the orders of one shop created on one UTC day: one row of the Orders table in the shop's own
/// partition (row key <c>~versions~yyyyMMdd</c>, after every order id), written in the same transaction as the orders it
/// describes, so it is never ahead of them. The import reads the rows of a page's creation days in one range query
/// instead of one point read per order; only orders TikTok changed since are read in full.
/// </summary>
/// <remarks>
/// The row also carries the day's figures for the dashboard (<see cref="StatesColumn"/>, <see cref="GrossColumn"/>,
/// <see cref="SkusColumn"/>, <see cref="ShipByColumn"/>, <see cref="ImportedColumn"/>), computed from its entries each time
/// it is written: an entry is keyed by order id and replaced by the order's newest version, so an order is counted once,
/// in its current state, whatever the order of the updates (a stale writer loses on the row's ETag). Only
/// <see cref="ImportedColumn"/> is a running count: an order is added to it when its entry is first listed (it is imported once).
/// </remarks>
public sealed class OrderVersionDay
{
    public const string RowPrefix = "~versions~";

    /// <summary>Marks a shop whose orders stored before version rows existed have been listed (<see cref="OrderStore.BuildVersionsAsync"/>).</summary>
    public const string BuiltRow = "~versions-built";

    /// <summary>
    /// Marks a shop whose version rows carry the dashboard's figures for every order (<see cref="OrderStore.BuildFiguresAsync"/>):
    /// rows written before the figures existed are rebuilt once from the orders.
    /// </summary>
    public const string FiguresBuiltRow = "~versions-figures";

    /// <summary>The first row key of a shop's markers and day rows (<c>~versions-…</c> sorts before <c>~versions~…</c>).</summary>
    public const string RowsFrom = "~versions-";

    /// <summary>Every marker and day row of a shop sorts before this.</summary>
    public const string RowsBefore = RowPrefix + ":";

    /// <summary>Row keys of orders sort before this (order ids never start with <c>~</c>): every order query adds <c>RowKey lt '~'</c>.</summary>
    public const string OrdersBefore = "~";

    /// <summary>
    /// Most entries a day row holds (a row is at most 1 MiB, a string column 64 KiB): about 40 characters an entry. A shop
    /// with more orders created in one UTC day is marked full; its further orders of that day are read one by one.
    /// </summary>
    /// <remarks>5,000 since the entries carry the dashboard's figures too (about 90 characters each, stored as UTF-16).</remarks>
    public const int Capacity = 5_000;

    public OrderVersionDay(DateOnly day, ETag? etag, Dictionary<string, OrderVersion> entries, bool full, Dictionary<long, int>? imported = null)
    {
        Day = day;
        ETag = etag;
        Entries = entries;
        Full = full;
        Imported = imported ?? [];
    }

    /// <summary>The day's gross sales by currency and how many orders make them (JSON object of currency to [gross, orders]).</summary>
    public const string GrossColumn = "Gross";

    /// <summary>The SKUs the day's Pending orders wait for (JSON object of SKU to orders, the <see cref="SkusKept"/> most frequent).</summary>
    public const string SkusColumn = "Skus";

    /// <summary>The ship-by deadlines of the day's open orders: <c>unix:count</c> pairs, comma-separated, in columns S0, S1, ...</summary>
    public const string ShipByColumn = "S";

    /// <summary>How many of the day's orders were first stored in each hour (JSON object of unix hour to orders, the last 72 hours).</summary>
    public const string ImportedColumn = "Imported";

    /// <summary>Most SKUs a row keeps in <see cref="SkusColumn"/>.</summary>
    public const int SkusKept = 200;

    /// <summary>Most columns of <see cref="ShipByColumn"/> a row writes (30,000 characters each: 5,000 open orders need about 3).</summary>
    public const int ShipByChunks = 8;

    /// <summary>The hours kept in <see cref="ImportedColumn"/>, counted back from the newest.</summary>
    public const int ImportedHoursKept = 72;

    /// <summary>Orders first stored, by unix hour (<see cref="ImportedColumn"/>).</summary>
    public Dictionary<long, int> Imported { get; private set; }

    /// <summary>The columns the dashboard's rollup reads of a row (never the entries).</summary>
    public static readonly string[] FigureColumns =
        ["RowKey", "Full", StatesColumn, GrossColumn, SkusColumn, ImportedColumn, .. Enumerable.Range(0, ShipByChunks).Select(i => ShipByColumn + i.ToString(CultureInfo.InvariantCulture))];

    public DateOnly Day { get; }

    /// <summary>Null when the row does not exist yet.</summary>
    public ETag? ETag { get; }

    public Dictionary<string, OrderVersion> Entries { get; }

    /// <summary>More orders were created that day than a row holds: an order not listed may still be stored.</summary>
    public bool Full { get; private set; }

    public bool Changed { get; private set; }

    /// <summary>The row's orders by connector state (JSON object of state name to count): what shop detail adds up.</summary>
    public const string StatesColumn = "States";

    /// <summary>The orders listed by connector state.</summary>
    public Dictionary<string, int> StateCounts() => Entries.Values.Where(v => v.State is not null).GroupBy(v => v.State!.Value.ToString())
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public static string RowKey(DateOnly day) => RowPrefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateOnly DayOf(long createTime) => DateOnly.FromDateTime(TikTokTime.FromUnix(createTime).UtcDateTime);

    public static OrderVersionDay Empty(DateOnly day) => new(day, null, new Dictionary<string, OrderVersion>(StringComparer.Ordinal), false);

    /// <summary>Records what is now stored for an order (first listed: counted as imported at its <see cref="StoredOrder.ImportedAt"/>).</summary>
    public void Set(StoredOrder order) => Set(order.OrderId, OrderVersion.Of(order), order.ImportedAt);

    /// <summary>Replaces <see cref="Imported"/> by the hours these orders of the day were first stored in (a rebuild).</summary>
    public void CountImports(IEnumerable<StoredOrder> orders)
    {
        var counts = orders.Where(o => o.ImportedAt != default).GroupBy(o => o.ImportedAt.ToUnixTimeSeconds() / 3600).ToDictionary(g => g.Key, g => g.Count());
        if (!counts.OrderBy(c => c.Key).SequenceEqual(Imported.OrderBy(c => c.Key)))
        {
            Imported = counts;
            Changed = true;
        }
    }

    /// <summary>Records what is now stored for an order; false if the row is full and the order is not listed.</summary>
    public void Set(string orderId, OrderVersion version, DateTimeOffset? importedAt = null)
    {
        if (Entries.TryGetValue(orderId, out var current))
        {
            if (current != version)
            {
                Entries[orderId] = version;
                Changed = true;
            }

            return;
        }

        if (Entries.Count >= Capacity)
        {
            Changed |= !Full;
            Full = true;
            return;
        }

        Entries[orderId] = version;
        Changed = true;
        if (importedAt is { } at && at != default)
        {
            var hour = at.ToUnixTimeSeconds() / 3600;
            Imported[hour] = Imported.GetValueOrDefault(hour) + 1;
        }
    }

    /// <summary>The listed orders' gross sales by currency: (gross, orders).</summary>
    public Dictionary<string, (decimal Gross, int Orders)> GrossByCurrency()
    {
        var gross = new Dictionary<string, (decimal Gross, int Orders)>(StringComparer.Ordinal);
        foreach (var v in Entries.Values)
        {
            if (v.Gross is { } g && g.LastIndexOf(':') is var colon and >= 0
                && decimal.TryParse(g.AsSpan(colon + 1), NumberStyles.Number, CultureInfo.InvariantCulture, out var total))
            {
                var currency = g[..colon];
                var (sum, n) = gross.GetValueOrDefault(currency);
                gross[currency] = (sum + total, n + 1);
            }
        }

        return gross;
    }

    /// <summary>The listed open orders' ship-by deadlines (unix seconds) and how many orders have each.</summary>
    public SortedDictionary<long, int> ShipByCounts()
    {
        var counts = new SortedDictionary<long, int>();
        foreach (var v in Entries.Values)
        {
            if (v.ShipBy is { } shipBy && v.State is { } state && DeadlineRules.IsOpen(state))
            {
                counts[shipBy] = counts.GetValueOrDefault(shipBy) + 1;
            }
        }

        return counts;
    }

    /// <summary>The SKUs the listed Pending orders wait for, and how many orders wait for each.</summary>
    public Dictionary<string, int> MissingSkuCounts()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in Entries.Values.Where(v => v.State == OrderState.Pending))
        {
            foreach (var sku in v.MissingSkus().Distinct(StringComparer.Ordinal))
            {
                counts[sku] = counts.GetValueOrDefault(sku) + 1;
            }
        }

        return counts;
    }

    internal TableEntity ToEntity(string shopId)
    {
        var entity = new TableEntity(TableKeys.Escape(shopId), RowKey(Day))
        {
            ["Full"] = Full,
            ["Count"] = Entries.Count,
            [StatesColumn] = JsonSerializer.Serialize(StateCounts()),
            [GrossColumn] = JsonSerializer.Serialize(GrossByCurrency().ToDictionary(g => g.Key, g => new[] { g.Value.Gross, g.Value.Orders })),
            [SkusColumn] = JsonSerializer.Serialize(MissingSkuCounts().OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(SkusKept)
                .ToDictionary(c => c.Key, c => c.Value)),
        };
        if (Imported.Count > 0)
        {
            var newest = Imported.Keys.Max();
            entity[ImportedColumn] = JsonSerializer.Serialize(Imported.Where(i => i.Key > newest - ImportedHoursKept)
                .ToDictionary(i => i.Key.ToString(CultureInfo.InvariantCulture), i => i.Value));
        }

        var shipBy = string.Join(',', ShipByCounts().Select(c => c.Key.ToString(CultureInfo.InvariantCulture) + ":" + c.Value.ToString(CultureInfo.InvariantCulture)));
        TableRows.WriteChunks(entity, shipBy, TableRows.Numbered(ShipByColumn), ShipByChunks);

        var builder = new StringBuilder(Entries.Count * 40);
        foreach (var (id, v) in Entries)
        {
            // id \t update_time \t status \t missing \n (TikTok's order ids and statuses hold neither tab nor newline)
            builder.Append(id).Append('\t').Append(v.UpdateTime.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(v.Status).Append('\t').Append(v.Missing.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(v.State is { } state ? ((int)state).ToString(CultureInfo.InvariantCulture) : string.Empty)
                .Append('\t').Append(v.Gross).Append('\t').Append(v.ShipBy?.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(v.Skus).Append('\n');
        }

        TableRows.WriteChunks(entity, builder.ToString(), TableRows.Numbered("V"));

        return entity;
    }

    internal static OrderVersionDay FromEntity(TableEntity entity)
    {
        var day = DateOnly.ParseExact(entity.RowKey[RowPrefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture);
        var text = TableRows.ReadChunks(entity, TableRows.Numbered("V"));
        var entries = new Dictionary<string, OrderVersion>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length >= 4 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var updateTime) && int.TryParse(fields[3], CultureInfo.InvariantCulture, out var missing))
            {
                OrderState? state = fields.Length > 4 && int.TryParse(fields[4], CultureInfo.InvariantCulture, out var s) && Enum.IsDefined((OrderState)s) ? (OrderState)s : null;
                entries[fields[0]] = new OrderVersion(updateTime, fields[2], missing, state,
                    fields.Length > 5 && fields[5].Length > 0 ? fields[5] : null,
                    fields.Length > 6 && long.TryParse(fields[6], CultureInfo.InvariantCulture, out var shipBy) ? shipBy : null,
                    fields.Length > 7 && fields[7].Length > 0 ? fields[7] : null);
            }
        }

        var imported = new Dictionary<long, int>();
        if (entity.GetString(ImportedColumn) is { Length: > 0 } json)
        {
            foreach (var (hour, n) in JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [])
            {
                if (long.TryParse(hour, CultureInfo.InvariantCulture, out var h))
                {
                    imported[h] = n;
                }
            }
        }

        return new OrderVersionDay(day, entity.ETag, entries, entity.GetBoolean("Full") ?? false, imported);
    }
}
