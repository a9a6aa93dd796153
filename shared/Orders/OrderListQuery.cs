using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;

namespace Connector.Orders;

/// <summary>Which deadline the order list sorts on, and which way (orders without that deadline come last either way).</summary>
public sealed record OrderSort(string Field, bool Descending)
{
    public const string ShipBy = "shipBy";
    public const string CollectBy = "collectBy";
}

/// <summary>
/// The deadline part of the back-office order list: <c>due=late,today,tomorrow</c> (ship-by, open orders, days in
/// <c>timeZone</c>, UTC by default), <c>shipByBefore</c> / <c>shipByAfter</c> / <c>collectByBefore</c> / <c>collectByAfter</c>
/// (ISO 8601), and <c>sort=shipBy|-shipBy|collectBy|-collectBy</c>. The filters become the table query's filter (pure).
/// </summary>
public sealed record OrderListQuery(string? Filter, OrderSort? Sort)
{
    public static readonly OrderListQuery None = new(null, null);

    public static readonly IReadOnlyList<string> DueValues = ["late", "today", "tomorrow"];

    public static (OrderListQuery? Query, Dictionary<string, string[]> Errors) Parse(Func<string, string?> query, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var clauses = new List<string>();

        var zone = DeadlineRules.Zone(query("timeZone"));
        if (zone is null)
        {
            errors["timeZone"] = ["timeZone is an IANA time zone id such as Europe/London or America/New_York (default UTC)."];
        }

        if (query("due") is { Length: > 0 } dueText)
        {
            var due = dueText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => d.ToLowerInvariant()).Distinct().ToList();
            if (due.Count == 0 || due.Any(d => !DueValues.Contains(d)))
            {
                errors["due"] = ["due is one or more of late, today, tomorrow (comma separated): open orders by their ship-by deadline."];
            }
            else if (zone is not null)
            {
                var (tomorrow, dayAfter) = DeadlineRules.DayBoundaries(now, zone);
                var ranges = new List<string>();
                if (due.Contains("late"))
                {
                    ranges.Add($"{OrderStore.ShipByColumn} lt {Literal(now)}");
                }

                if (due.Contains("today"))
                {
                    ranges.Add($"{OrderStore.ShipByColumn} ge {Literal(now)} and {OrderStore.ShipByColumn} lt {Literal(tomorrow)}");
                }

                if (due.Contains("tomorrow"))
                {
                    ranges.Add($"{OrderStore.ShipByColumn} ge {Literal(tomorrow)} and {OrderStore.ShipByColumn} lt {Literal(dayAfter)}");
                }

                clauses.Add("(" + string.Join(" or ", ranges.Select(r => "(" + r + ")")) + ")");
                clauses.Add("(" + string.Join(" or ", new[] { OrderState.Pending, OrderState.ReadyToFulfil, OrderState.Released }
                    .Select(s => $"State eq '{s}'")) + ")");
            }
        }

        foreach (var (name, column, op) in new[]
                 {
                     ("shipByBefore", OrderStore.ShipByColumn, "lt"), ("shipByAfter", OrderStore.ShipByColumn, "ge"),
                     ("collectByBefore", OrderStore.CollectByColumn, "lt"), ("collectByAfter", OrderStore.CollectByColumn, "ge"),
                 })
        {
            if (query(name) is not { Length: > 0 } text)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                errors[name] = [$"{name} is an ISO 8601 time, e.g. 2026-02-01T00:00:00Z."];
                continue;
            }

            clauses.Add($"{column} {op} {Literal(at)}");
        }

        OrderSort? sort = null;
        if (query("sort") is { Length: > 0 } sortText)
        {
            var descending = sortText.StartsWith('-');
            var field = sortText.TrimStart('-', '+');
            if (string.Equals(field, OrderSort.ShipBy, StringComparison.OrdinalIgnoreCase))
            {
                sort = new OrderSort(OrderSort.ShipBy, descending);
            }
            else if (string.Equals(field, OrderSort.CollectBy, StringComparison.OrdinalIgnoreCase))
            {
                sort = new OrderSort(OrderSort.CollectBy, descending);
            }
            else
            {
                errors["sort"] = ["sort is shipBy, -shipBy, collectBy or -collectBy (earliest first; '-' for latest first; orders without the deadline last)."];
            }
        }

        return errors.Count > 0 ? (null, errors) : (new OrderListQuery(clauses.Count == 0 ? null : string.Join(" and ", clauses), sort), errors);
    }

    /// <summary>A time as an OData literal (<c>datetime'...'</c>).</summary>
    private static string Literal(DateTimeOffset at) => TableClient.CreateQueryFilter($"{at.ToUniversalTime()}");
}

/// <summary>Where a sorted listing resumes: after this (deadline, shop, order).</summary>
public sealed record SortedCursor(long Key, string ShopId, string OrderId)
{
    private const string Prefix = "s.";

    public string Format() => Prefix + Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool IsSorted(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    public static SortedCursor? Parse(string token)
    {
        if (!IsSorted(token))
        {
            return null;
        }

        try
        {
            var base64 = token[Prefix.Length..].Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return JsonSerializer.Deserialize<SortedCursor>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The sort key: ticks (negated for descending); no deadline sorts last.</summary>
    public static long KeyOf(DateTimeOffset? deadline, bool descending) => deadline is not { } at ? long.MaxValue : descending ? -at.UtcTicks : at.UtcTicks;
}
