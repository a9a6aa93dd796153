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
/// many SKUs it lacked) and the connector state it is in, which the shop's order counts are made of.
/// </summary>
public readonly record struct OrderVersion(long UpdateTime, string Status, int Missing, OrderState? State = null)
{
    public static OrderVersion Of(StoredOrder order) => new(order.UpdateTime, order.TikTokStatus, order.MissingSkus.Count, order.State);
}

/// <summary>
/// The stored versions of the orders of one shop created on one UTC day: one row of the Orders table in the shop's own
/// partition (row key <c>~versions~yyyyMMdd</c>, after every order id), written in the same transaction as the orders it
/// describes, so it is never ahead of them. The import reads the rows of a page's creation days in one range query
/// instead of one point read per order; only orders TikTok changed since are read in full.
/// </summary>
public sealed class OrderVersionDay
{
    public const string RowPrefix = "~versions~";

    /// <summary>Marks a shop whose orders stored before version rows existed have been listed (<see cref="OrderStore.BuildVersionsAsync"/>).</summary>
    public const string BuiltRow = "~versions-built";

    /// <summary>Row keys of orders sort before this (order ids never start with <c>~</c>): every order query adds <c>RowKey lt '~'</c>.</summary>
    public const string OrdersBefore = "~";

    /// <summary>
    /// Most entries a day row holds (a row is at most 1 MiB, a string column 64 KiB): about 40 characters an entry. A shop
    /// with more orders created in one UTC day is marked full; its further orders of that day are read one by one.
    /// </summary>
    public const int Capacity = 9_000;

    private const int ChunkChars = 30_000;

    public OrderVersionDay(DateOnly day, ETag? etag, Dictionary<string, OrderVersion> entries, bool full)
    {
        Day = day;
        ETag = etag;
        Entries = entries;
        Full = full;
    }

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

    /// <summary>Records what is now stored for an order; false if the row is full and the order is not listed.</summary>
    public void Set(string orderId, OrderVersion version)
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
    }

    internal TableEntity ToEntity(string shopId)
    {
        var entity = new TableEntity(TableKeys.Escape(shopId), RowKey(Day))
        {
            ["Full"] = Full,
            ["Count"] = Entries.Count,
            [StatesColumn] = JsonSerializer.Serialize(StateCounts()),
        };
        var builder = new StringBuilder(Entries.Count * 40);
        foreach (var (id, v) in Entries)
        {
            // id \t update_time \t status \t missing \n (TikTok's order ids and statuses hold neither tab nor newline)
            builder.Append(id).Append('\t').Append(v.UpdateTime.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(v.Status).Append('\t').Append(v.Missing.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(v.State is { } state ? ((int)state).ToString(CultureInfo.InvariantCulture) : string.Empty).Append('\n');
        }

        var text = builder.ToString();
        for (int i = 0, chunk = 0; i < text.Length; i += ChunkChars, chunk++)
        {
            entity["V" + chunk.ToString(CultureInfo.InvariantCulture)] = text.Substring(i, Math.Min(ChunkChars, text.Length - i));
        }

        return entity;
    }

    internal static OrderVersionDay FromEntity(TableEntity entity)
    {
        var day = DateOnly.ParseExact(entity.RowKey[RowPrefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        for (var chunk = 0; entity.GetString("V" + chunk.ToString(CultureInfo.InvariantCulture)) is { } part; chunk++)
        {
            text.Append(part);
        }

        var entries = new Dictionary<string, OrderVersion>(StringComparer.Ordinal);
        foreach (var line in text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length >= 4 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var updateTime) && int.TryParse(fields[3], CultureInfo.InvariantCulture, out var missing))
            {
                OrderState? state = fields.Length > 4 && int.TryParse(fields[4], CultureInfo.InvariantCulture, out var s) && Enum.IsDefined((OrderState)s) ? (OrderState)s : null;
                entries[fields[0]] = new OrderVersion(updateTime, fields[2], missing, state);
            }
        }

        return new OrderVersionDay(day, entity.ETag, entries, entity.GetBoolean("Full") ?? false);
    }
}
