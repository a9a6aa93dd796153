using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Http;

namespace Connector.AfterSales;

/// <summary>
/// GET /api/merchants/{merchantId}/after-sales?state=&amp;kind=&amp;shopId=&amp;orderId=&amp;deadlineBefore=&amp;awaitsSeller=&amp;pageSize=&amp;continuationToken=
/// (states comma separated; awaitsSeller=true adds the states that wait for the seller).
/// </summary>
public sealed record ListAfterSales(
    string MerchantId, IReadOnlyList<AfterSalesState>? States, AfterSalesKind? Kind, string? ShopId, string? OrderId, DateTimeOffset? DeadlineBefore, int PageSize, string? After)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public static ListAfterSales Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "after-sales listing's filters";
        merchantId = r.Id("merchantId", merchantId);
        var states = new List<AfterSalesState>();
        foreach (var text in (r.Query("state") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<AfterSalesState>(text, ignoreCase: true, out var state) && !int.TryParse(text, out _))
            {
                states.Add(state);
            }
            else
            {
                r.Fail("state", $"unknown state '{text}'; use one or more (comma separated) of: {string.Join(", ", Enum.GetNames<AfterSalesState>())}");
            }
        }

        if (r.QueryBool("awaitsSeller") is true)
        {
            states.AddRange([AfterSalesState.Requested, AfterSalesState.ReturnShipped]);
        }

        AfterSalesKind? kind = null;
        if (r.Query("kind") is { } kindText)
        {
            if (Enum.TryParse<AfterSalesKind>(kindText, ignoreCase: true, out var k) && !int.TryParse(kindText, out _))
            {
                kind = k;
            }
            else
            {
                r.Fail("kind", $"unknown kind '{kindText}'; use Cancellation or Return");
            }
        }

        var shopId = r.QueryId("shopId");
        var orderId = r.QueryId("orderId");
        var deadlineBefore = r.QueryTime("deadlineBefore", "e.g. 2026-02-01T12:00:00Z");
        var pageSize = r.PageSize(DefaultPageSize, MaxPageSize);
        string? after = null;
        if (r.Query("continuationToken") is { } token && !AfterSalesCursor.TryDecode(token, out after))
        {
            r.Fail("continuationToken", "is not one this API gave out");
        }

        return new ListAfterSales(merchantId, states.Count > 0 ? states.Distinct().ToArray() : null, kind, shopId, orderId, deadlineBefore, pageSize, after);
    }
}

/// <summary>GET /api/merchants/{merchantId}/after-sales/{requestId}.</summary>
public sealed record GetAfterSales(string MerchantId, string RequestId)
{
    public static GetAfterSales Bind(RequestReader r, string merchantId, string requestId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new GetAfterSales(r.Id("merchantId", merchantId), r.Id("requestId", requestId));
    }
}

/// <summary>
/// POST /api/merchants/{merchantId}/after-sales/{requestId}/{action}: approve, reject (with one of TikTok's reasons) or
/// receive; <c>{"reason", "comment", "buyerKeepItem", "idempotencyKey"}</c>, all optional but reason for reject. An
/// unknown action is not found (<see cref="Action"/> null).
/// </summary>
public sealed record DecideAfterSales(
    string MerchantId, string RequestId, AfterSalesAction? Action, string ActionText, string? Reason, string? Comment, bool? BuyerKeepItem, string? IdempotencyKey, string By)
{
    public const int MaxKeyLength = 200;
    public const int MaxCommentLength = 500;
    private static readonly string[] Fields = ["reason", "comment", "buyerKeepItem", "idempotencyKey"];

    public static DecideAfterSales Bind(RequestReader r, string merchantId, string requestId, string action)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "after-sales answer";
        merchantId = r.Id("merchantId", merchantId);
        requestId = r.Id("requestId", requestId);
        AfterSalesAction? parsed = Enum.TryParse<AfterSalesAction>(action, ignoreCase: true, out var a) && !int.TryParse(action, out _) ? a : null;
        var by = AfterSalesBody.By(r);
        if (parsed is null)
        {
            // Not an action: answered 404 by the handler; the body is not read.
            return new DecideAfterSales(merchantId, requestId, null, action ?? "", null, null, null, null, by);
        }

        var body = AfterSalesBody.Object(r, Fields);
        var reason = AfterSalesBody.Text(r, body, "reason", max: 200);
        var comment = AfterSalesBody.Text(r, body, "comment", max: MaxCommentLength);
        var key = AfterSalesBody.Text(r, body, "idempotencyKey", max: MaxKeyLength);
        bool? keepItem = null;
        if (body is { } b && b.TryGetProperty("buyerKeepItem", out var keep))
        {
            if (keep.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                keepItem = keep.GetBoolean();
            }
            else
            {
                r.Fail("buyerKeepItem", "must be true or false");
            }
        }

        if (parsed == AfterSalesAction.Reject && reason is null)
        {
            r.Fail("reason", "is required to reject: one of TikTok's reject reasons for this request (GET .../reject-reasons)");
        }

        if (parsed != AfterSalesAction.Reject && reason is not null)
        {
            r.Fail("reason", $"is only for reject; {parsed.ToString()!.ToLowerInvariant()} takes no reason");
        }

        if (parsed != AfterSalesAction.Approve && keepItem is not null)
        {
            r.Fail("buyerKeepItem", "is only for approving a return (a returnless refund)");
        }

        return new DecideAfterSales(merchantId, requestId, parsed, action!, reason, comment, keepItem, key, by);
    }
}

/// <summary>GET /api/merchants/{merchantId}/after-sales/{requestId}/reject-reasons?locale=.</summary>
public sealed partial record GetRejectReasons(string MerchantId, string RequestId, string? Locale)
{
    public static GetRejectReasons Bind(RequestReader r, string merchantId, string requestId)
    {
        ArgumentNullException.ThrowIfNull(r);
        merchantId = r.Id("merchantId", merchantId);
        requestId = r.Id("requestId", requestId);
        var locale = r.Query("locale");
        if (locale is not null && !LocalePattern().IsMatch(locale))
        {
            r.Fail("locale", "must be a BCP-47 code such as en-US");
        }

        return new GetRejectReasons(merchantId, requestId, locale);
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LocalePattern();
}

/// <summary>GET /api/merchants/{merchantId}/orders/{orderId}/cancel-reasons.</summary>
public sealed record GetCancelReasons(string MerchantId, string OrderId)
{
    public static GetCancelReasons Bind(RequestReader r, string merchantId, string orderId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new GetCancelReasons(r.Id("merchantId", merchantId), r.Id("orderId", orderId));
    }
}

/// <summary>
/// POST /api/merchants/{merchantId}/orders/{orderId}/cancel: <c>{"reason": "...", "lines": "all" | [{"sku", "quantity"}],
/// "shopId", "idempotencyKey"}</c>; reason is one of TikTok's seller cancel reasons (checked by the handler against the order's market).
/// </summary>
public sealed record CancelOrder(
    string MerchantId, string OrderId, string Reason, IReadOnlyList<(string Sku, int Quantity)>? Lines, string? ShopId, string? IdempotencyKey, string By)
{
    private static readonly string[] Fields = ["reason", "lines", "shopId", "idempotencyKey"];

    public static CancelOrder Bind(RequestReader r, string merchantId, string orderId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "cancellation";
        merchantId = r.Id("merchantId", merchantId);
        orderId = r.Id("orderId", orderId);
        var body = AfterSalesBody.Object(r, Fields);
        var reason = AfterSalesBody.Text(r, body, "reason", max: 200);
        var key = AfterSalesBody.Text(r, body, "idempotencyKey", max: DecideAfterSales.MaxKeyLength);
        var shopId = AfterSalesBody.Text(r, body, "shopId", max: 64);
        if (body is not null && reason is null)
        {
            r.Fail("reason", "is required: one of TikTok's seller cancel reasons for the order (GET .../cancel-reasons)");
        }

        List<(string Sku, int Quantity)>? lines = null;
        switch (body is { } b && b.TryGetProperty("lines", out var l) ? l : (JsonElement?)null)
        {
            case null:
            case { ValueKind: JsonValueKind.String } all when string.Equals(all.GetString(), "all", StringComparison.OrdinalIgnoreCase):
                break;
            case { ValueKind: JsonValueKind.Array } array:
                lines = [];
                var index = 0;
                var lineErrors = new List<string>();
                foreach (var item in array.EnumerateArray())
                {
                    var sku = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("sku", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()?.Trim() : null;
                    var quantity = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number && q.TryGetInt32(out var n) ? n : (int?)null;
                    if (string.IsNullOrEmpty(sku))
                    {
                        lineErrors.Add($"lines[{index}].sku is required");
                    }
                    else if (quantity is not > 0)
                    {
                        lineErrors.Add($"lines[{index}].quantity must be a whole number of at least 1");
                    }
                    else if (lines.Any(x => x.Sku == sku))
                    {
                        lineErrors.Add($"lines[{index}]: SKU {sku} is listed twice");
                    }
                    else
                    {
                        lines.Add((sku, quantity.Value));
                    }

                    index++;
                }

                if (index == 0)
                {
                    lineErrors.Add("lines is empty: list the SKUs to cancel, or send \"all\"");
                }

                r.Fail("lines", lineErrors);
                break;
            default:
                r.Fail("lines", "must be \"all\" or [{\"sku\": \"...\", \"quantity\": 1}, ...]");
                break;
        }

        return new CancelOrder(merchantId, orderId, reason ?? "", lines, shopId, key, AfterSalesBody.By(r));
    }
}

/// <summary>Reading the small JSON bodies of the after-sales actions.</summary>
internal static class AfterSalesBody
{
    /// <summary>Who answered, as the request's history and the order's log name them.</summary>
    public static string By(RequestReader r) => $"back office (key {r.Caller})";

    /// <summary>The body as a JSON object (no body is an empty object); unknown fields are errors, so a typo never passes.</summary>
    public static JsonElement? Object(RequestReader r, string[] known)
    {
        if (r.Json is not { } json)
        {
            return JsonDocument.Parse("{}").RootElement.Clone();
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            r.Fail("", "the body must be a JSON object");
            return null;
        }

        foreach (var property in json.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            r.Fail(property.Name, $"is not a field of this request; known: {string.Join(", ", known)}");
        }

        return json;
    }

    public static string? Text(RequestReader r, JsonElement? body, string name, int max)
    {
        if (body is not { } b || !b.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
        if (string.IsNullOrEmpty(text) || text.Length > max || text.Any(char.IsControl))
        {
            r.Fail(name, $"must be text of 1 to {max} characters");
            return null;
        }

        return text;
    }
}

/// <summary>The listing's order (soonest deadline first, none last, then newest request) as text, also the page cursor.</summary>
public static class AfterSalesCursor
{
    public static string SortKey(AfterSalesRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return $"{(r.Deadline is { } d ? d.ToUnixTimeSeconds() : 99_999_999_999L).ToString("D11", CultureInfo.InvariantCulture)}|{(long.MaxValue - r.CreateTime).ToString("D19", CultureInfo.InvariantCulture)}|{r.Kind}|{r.RequestId}";
    }

    public static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string token, out string? key)
    {
        ArgumentNullException.ThrowIfNull(token);
        key = null;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            key = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            return Regex.IsMatch(key, @"^\d{11}\|\d{19}\|(Cancellation|Return)\|");
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
