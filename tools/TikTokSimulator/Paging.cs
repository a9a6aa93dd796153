using System.Globalization;
using System.Text;

namespace TikTokSimulator;

/// <summary>
/// Keyset paging like TikTok's: sorted by (sort field, id), the opaque page token remembers where the last page
/// ended, so every item matching the filter is returned exactly once while nothing changes.
/// </summary>
public static class Paging
{
    public sealed record Page<T>(List<T> Items, string NextPageToken, int TotalCount);

    public static Page<T> Paginate<T>(IEnumerable<T> matching, Func<T, string, long> sortValue, Func<T, string> id, IQueryCollection query, int maxPageSize,
        string defaultSortField = "create_time")
    {
        var pageSize = ParsePageSize(query["page_size"], maxPageSize);
        var field = string.IsNullOrEmpty(query["sort_field"]) ? defaultSortField : query["sort_field"].ToString();
        if (field is not ("create_time" or "update_time"))
        {
            throw SimException.BadRequest("sort_field must be create_time or update_time");
        }

        var order = string.IsNullOrEmpty(query["sort_order"]) ? "DESC" : query["sort_order"].ToString();
        if (order is not ("ASC" or "DESC"))
        {
            throw SimException.BadRequest("sort_order must be ASC or DESC");
        }

        var descending = order == "DESC";
        var all = matching as IReadOnlyCollection<T> ?? matching.ToList();

        // Keyset first, then only the page is ordered (LINQ's OrderBy + Take is a partial sort): a shop with 100,000
        // orders costs one pass per page instead of a full sort.
        IEnumerable<T> remaining = all;
        var token = query["page_token"].ToString();
        if (!string.IsNullOrEmpty(token))
        {
            var (tokenField, tokenOrder, lastValue, lastId) = Decode(token);
            if (tokenField != field || tokenOrder != order)
            {
                throw SimException.BadRequest("page_token belongs to a different sort");
            }

            remaining = all.Where(x =>
            {
                var compare = sortValue(x, field).CompareTo(lastValue);
                if (compare == 0)
                {
                    compare = string.CompareOrdinal(id(x), lastId);
                }

                return descending ? compare < 0 : compare > 0;
            });
        }

        remaining = descending
            ? remaining.OrderByDescending(x => sortValue(x, field)).ThenByDescending(id, StringComparer.Ordinal)
            : remaining.OrderBy(x => sortValue(x, field)).ThenBy(id, StringComparer.Ordinal);
        var page = remaining.Take(pageSize + 1).ToList();
        var more = page.Count > pageSize;
        if (more)
        {
            page.RemoveAt(pageSize);
        }

        var next = more ? Encode(field, order, sortValue(page[^1], field), id(page[^1])) : "";
        return new Page<T>(page, next, all.Count);
    }

    public static int ParsePageSize(string? value, int maxPageSize)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > maxPageSize)
        {
            throw SimException.BadRequest($"page_size must be between 1 and {maxPageSize}");
        }

        return size;
    }

    private static string Encode(string field, string order, long value, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{field}|{order}|{value}|{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Field, string Order, long Value, string Id) Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|');
            return (parts[0], parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture), parts[3]);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
        {
            throw SimException.BadRequest("page_token is invalid");
        }
    }
}
