using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.AfterSales;

/// <summary>
/// The back office's after-sales endpoints (function key):
/// <c>GET /api/merchants/{merchantId}/after-sales</c> (by state, kind, shop, order and deadline; soonest deadline first; paged),
/// <c>GET .../after-sales/{requestId}</c>, <c>POST .../after-sales/{requestId}/approve|reject|receive</c>,
/// <c>GET .../after-sales/{requestId}/reject-reasons</c> (TikTok's, read from TikTok),
/// <c>POST /api/merchants/{merchantId}/orders/{orderId}/cancel</c> and <c>GET .../orders/{orderId}/cancel-reasons</c>.
/// Input is checked here; <see cref="AfterSalesActions"/> does the work.
/// </summary>
public sealed partial class BackOfficeAfterSales(AfterSalesStore store, AfterSalesActions actions, Shops.ShopRepository shops)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;
    public const int MaxKeyLength = 200;
    public const int MaxCommentLength = 500;

    /// <summary>The one id rule (<see cref="Ids"/>).</summary>
    private static bool IsId(string? value) => Ids.IsValid(value);

    private static readonly string[] DecisionFields = ["reason", "comment", "buyerKeepItem", "idempotencyKey"];
    private static readonly string[] CancelFields = ["reason", "lines", "shopId", "idempotencyKey"];

    /// <summary>GET /api/merchants/{merchantId}/after-sales?state=&amp;kind=&amp;shopId=&amp;orderId=&amp;deadlineBefore=&amp;awaitsSeller=&amp;pageSize=&amp;continuationToken=.</summary>
    public async Task<IActionResult> ListAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        var states = new List<AfterSalesState>();
        foreach (var text in (AdminRequest.Query(request, "state") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<AfterSalesState>(text, ignoreCase: true, out var state) && !int.TryParse(text, out _))
            {
                states.Add(state);
            }
            else
            {
                errors["state"] = [$"unknown state '{text}'; use one or more (comma separated) of: {string.Join(", ", Enum.GetNames<AfterSalesState>())}"];
            }
        }

        if (AdminRequest.Query(request, "awaitsSeller") is { } awaits)
        {
            if (!bool.TryParse(awaits, out var waiting))
            {
                errors["awaitsSeller"] = ["must be true or false"];
            }
            else if (waiting)
            {
                states.AddRange([AfterSalesState.Requested, AfterSalesState.ReturnShipped]);
            }
        }

        AfterSalesKind? kind = null;
        if (AdminRequest.Query(request, "kind") is { } kindText)
        {
            if (Enum.TryParse<AfterSalesKind>(kindText, ignoreCase: true, out var k) && !int.TryParse(kindText, out _))
            {
                kind = k;
            }
            else
            {
                errors["kind"] = [$"unknown kind '{kindText}'; use Cancellation or Return"];
            }
        }

        var shopId = AdminRequest.Query(request, "shopId");
        if (shopId is not null && !IsId(shopId))
        {
            errors["shopId"] = ["must be a TikTok shop id"];
        }

        var orderId = AdminRequest.Query(request, "orderId");
        if (orderId is not null && !IsId(orderId))
        {
            errors["orderId"] = ["must be a TikTok order id"];
        }

        DateTimeOffset? deadlineBefore = null;
        if (AdminRequest.Query(request, "deadlineBefore") is { } before)
        {
            if (DateTimeOffset.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                deadlineBefore = at;
            }
            else
            {
                errors["deadlineBefore"] = ["must be an ISO 8601 time, e.g. 2026-02-01T12:00:00Z"];
            }
        }

        var pageSize = DefaultPageSize;
        if (AdminRequest.Query(request, "pageSize") is { } sizeText && (!int.TryParse(sizeText, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"must be a whole number from 1 to {MaxPageSize}"];
        }

        string? after = null;
        if (AdminRequest.Query(request, "continuationToken") is { } token && !TryDecode(token, out after))
        {
            errors["continuationToken"] = ["is not one this API gave out"];
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("The query is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")) + ".", errors);
        }

        if ((await shops.ListByMerchantAsync(merchantId, cancellationToken)).Count == 0)
        {
            return Problems.NotFound($"Merchant {merchantId} has no shops.");
        }

        var found = await store.QueryAsync(merchantId, new AfterSalesQuery(states.Count > 0 ? states.Distinct().ToArray() : null, kind, shopId, orderId, deadlineBefore), cancellationToken);
        var sorted = found.Select(r => (Key: SortKey(r), Request: r)).Where(x => after is null || string.CompareOrdinal(x.Key, after) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal).ToArray();
        var page = sorted.Take(pageSize).ToArray();
        var next = sorted.Length > pageSize ? Encode(page[^1].Key) : null;
        return Problems.Json(new { requests = page.Select(x => AfterSalesHttp.View(x.Request)), continuationToken = next });
    }

    /// <summary>GET /api/merchants/{merchantId}/after-sales/{requestId}.</summary>
    public async Task<IActionResult> GetAsync(string merchantId, string requestId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId), ("requestId", requestId)) is { } badId)
        {
            return badId;
        }

        if (await store.FindAsync(merchantId, requestId, cancellationToken) is not { } found)
        {
            return Problems.NotFound($"Merchant {merchantId} has no after-sales request {requestId}.");
        }

        return Problems.Json(AfterSalesHttp.View(found.Request));
    }

    /// <summary>POST /api/merchants/{merchantId}/after-sales/{requestId}/{action}: approve, reject (with TikTok's reason) or receive.</summary>
    public async Task<IActionResult> ActAsync(HttpRequest request, string merchantId, string requestId, string action, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<AfterSalesAction>(action, ignoreCase: true, out var parsed) || int.TryParse(action, out _))
        {
            return Problems.NotFound($"Unknown after-sales action '{action}': use approve, reject or receive.");
        }

        if (Ids.Check(("merchantId", merchantId), ("requestId", requestId)) is { } badId)
        {
            return badId;
        }

        var (body, errors) = await ReadAsync(request, DecisionFields, cancellationToken);
        if (errors.ContainsKey(TooLarge))
        {
            return RequestBody.TooLarge(RequestBody.MaxBytes);
        }

        var reason = Text(body, "reason", errors, max: 200);
        var comment = Text(body, "comment", errors, max: MaxCommentLength);
        var key = Text(body, "idempotencyKey", errors, max: MaxKeyLength);
        bool? keepItem = null;
        if (body is { } b && b.TryGetProperty("buyerKeepItem", out var keep))
        {
            if (keep.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                keepItem = keep.GetBoolean();
            }
            else
            {
                errors["buyerKeepItem"] = ["must be true or false"];
            }
        }

        if (parsed == AfterSalesAction.Reject && reason is null && !errors.ContainsKey("reason"))
        {
            errors["reason"] = ["is required to reject: one of TikTok's reject reasons for this request (GET .../reject-reasons)"];
        }

        if (parsed != AfterSalesAction.Reject && reason is not null)
        {
            errors["reason"] = [$"is only for reject; {parsed.ToString().ToLowerInvariant()} takes no reason"];
        }

        if (parsed != AfterSalesAction.Approve && keepItem is not null)
        {
            errors["buyerKeepItem"] = ["is only for approving a return (a returnless refund)"];
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("The body is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")) + ".", errors);
        }

        var answer = await actions.DecideAsync(merchantId, requestId, new DecisionInput(parsed, reason, comment, keepItem, key), By(request), cancellationToken);
        return answer.ToResult(request);
    }

    /// <summary>GET /api/merchants/{merchantId}/after-sales/{requestId}/reject-reasons?locale=.</summary>
    public async Task<IActionResult> RejectReasonsAsync(HttpRequest request, string merchantId, string requestId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId), ("requestId", requestId)) is { } badId)
        {
            return badId;
        }

        var locale = AdminRequest.Query(request, "locale");
        if (locale is not null && !Regex.IsMatch(locale, "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))
        {
            return Problems.BadRequest("locale must be a BCP-47 code such as en-US.", new Dictionary<string, string[]> { ["locale"] = ["must be a BCP-47 code such as en-US"] });
        }

        return (await actions.RejectReasonsAsync(merchantId, requestId, locale, cancellationToken)).ToResult(request);
    }

    /// <summary>GET /api/merchants/{merchantId}/orders/{orderId}/cancel-reasons.</summary>
    public async Task<IActionResult> CancelReasonsAsync(HttpRequest request, string merchantId, string orderId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId), ("orderId", orderId)) is { } badId)
        {
            return badId;
        }

        return (await actions.CancelReasonsAsync(merchantId, orderId, cancellationToken)).ToResult(request);
    }

    /// <summary>POST /api/merchants/{merchantId}/orders/{orderId}/cancel: {"reason": "...", "lines": "all" | [{"sku", "quantity"}], "idempotencyKey"}.</summary>
    public async Task<IActionResult> CancelOrderAsync(HttpRequest request, string merchantId, string orderId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId), ("orderId", orderId)) is { } badId)
        {
            return badId;
        }

        var (body, errors) = await ReadAsync(request, CancelFields, cancellationToken);
        if (errors.ContainsKey(TooLarge))
        {
            return RequestBody.TooLarge(RequestBody.MaxBytes);
        }

        var reason = Text(body, "reason", errors, max: 200);
        var key = Text(body, "idempotencyKey", errors, max: MaxKeyLength);
        var shopId = Text(body, "shopId", errors, max: 64);
        if (body is not null && reason is null && !errors.ContainsKey("reason"))
        {
            errors["reason"] = ["is required: one of TikTok's seller cancel reasons for the order (GET .../cancel-reasons)"];
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

                if (lineErrors.Count > 0)
                {
                    errors["lines"] = lineErrors.ToArray();
                }

                break;
            default:
                errors["lines"] = ["must be \"all\" or [{\"sku\": \"...\", \"quantity\": 1}, ...]"];
                break;
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("The body is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")) + ".", errors);
        }

        var answer = await actions.SellerCancelAsync(merchantId, orderId, new SellerCancelInput(reason!, lines, shopId, key), By(request), cancellationToken);
        return answer.ToResult(request);
    }

    private static string By(HttpRequest request) => $"back office (key {AdminCaller.KeyName(request)})";

    /// <summary>The body as a JSON object (an empty body is an empty object); unknown fields are errors, so a typo never passes.</summary>
    /// <summary>The error key that marks a body over <see cref="RequestBody.MaxBytes"/> (answered 413).</summary>
    private const string TooLarge = "(body too large)";

    private static async Task<(JsonElement? Body, Dictionary<string, string[]> Errors)> ReadAsync(HttpRequest request, string[] known, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var (bytes, tooLarge) = await RequestBody.ReadBytesAsync(request, RequestBody.MaxBytes, cancellationToken);
        if (tooLarge is not null)
        {
            errors[TooLarge] = ["larger than the endpoint accepts"];
            return (null, errors);
        }

        var text = Encoding.UTF8.GetString(bytes!);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (JsonDocument.Parse("{}").RootElement.Clone(), errors);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors[""] = ["the body must be a JSON object"];
                return (null, errors);
            }

            foreach (var property in document.RootElement.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
            {
                errors[property.Name] = [$"is not a field of this request; known: {string.Join(", ", known)}"];
            }

            return (document.RootElement.Clone(), errors);
        }
        catch (JsonException)
        {
            errors[""] = ["the body must be a JSON object"];
            return (null, errors);
        }
    }

    private static string? Text(JsonElement? body, string name, Dictionary<string, string[]> errors, int max)
    {
        if (body is not { } b || !b.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
        if (string.IsNullOrEmpty(text) || text.Length > max || text.Any(char.IsControl))
        {
            errors[name] = [$"must be text of 1 to {max} characters"];
            return null;
        }

        return text;
    }

    /// <summary>Soonest deadline first (none last), then newest request: a key that sorts as text, also used as the page cursor.</summary>
    private static string SortKey(AfterSalesRequest r) =>
        $"{(r.Deadline is { } d ? d.ToUnixTimeSeconds() : 99_999_999_999L).ToString("D11", CultureInfo.InvariantCulture)}|{(long.MaxValue - r.CreateTime).ToString("D19", CultureInfo.InvariantCulture)}|{r.Kind}|{r.RequestId}";

    private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string token, out string? key)
    {
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
