using System.Text;
using System.Text.Json;
using Connector.Http;

namespace Connector.Orders;

/// <summary>
/// GET /api/merchants/{merchantId}/orders?state=&amp;shopId=&amp;changedSince=&amp;pageSize=&amp;continuationToken= and the
/// deadline filters and sort of <see cref="OrderListQuery"/> (due, shipByBefore, timeZone, sort, ...). A continuation token
/// must be one this API gave out for the same kind of listing (sorted or not).
/// </summary>
public sealed record ListOrders(
    string MerchantId, OrderState? State, int PageSize, OrderListQuery Deadlines, string? ShopId, DateTimeOffset? ChangedSince, OrderCursor? Position, SortedCursor? After)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public static ListOrders Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "order listing's filters";
        merchantId = r.Id("merchantId", merchantId);
        var state = r.QueryEnum<OrderState>("state");
        var pageSize = r.PageSize(DefaultPageSize, MaxPageSize);
        var (deadlines, errors) = OrderListQuery.Parse(r.Query, r.Now);
        foreach (var (field, problems) in errors)
        {
            r.Fail(field, problems);
        }

        deadlines ??= OrderListQuery.None;
        OrderCursor? position = null;
        SortedCursor? after = null;
        if (r.Query("continuationToken") is { } token)
        {
            if (deadlines.Sort is null)
            {
                position = !SortedCursor.IsSorted(token) && OrderCursor.TryParse(token, out var parsed) ? parsed : null;
            }
            else
            {
                after = SortedCursor.Parse(token);
            }

            if (position is null && after is null)
            {
                r.Fail("continuationToken", "not one this API gave out (for this sort); start again without it");
            }
        }

        var shopId = r.QueryId("shopId");
        var changedSince = r.QueryTime("changedSince", "e.g. 2026-01-31T10:00:00Z (the asOf of your previous listing)");
        return new ListOrders(merchantId, state, pageSize, deadlines, shopId, changedSince, position, after);
    }
}

/// <summary>POST /api/merchants/{merchantId}/orders/{orderId}/release.</summary>
public sealed record ReleaseOrder(string MerchantId, string OrderId)
{
    public static ReleaseOrder Bind(RequestReader r, string merchantId, string orderId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ReleaseOrder(r.Id("merchantId", merchantId), r.Id("orderId", orderId));
    }
}

/// <summary>Where a listing resumes: the index of the merchant's shop (by id) and the table's continuation in it.</summary>
public sealed record OrderCursor(int Shop, string? Table)
{
    public static readonly OrderCursor Start = new(0, null);

    public string Format() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryParse(string token, out OrderCursor cursor)
    {
        cursor = Start;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            cursor = JsonSerializer.Deserialize<OrderCursor>(Encoding.UTF8.GetString(Convert.FromBase64String(base64))) ?? Start;
            return cursor.Shop >= 0;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}
