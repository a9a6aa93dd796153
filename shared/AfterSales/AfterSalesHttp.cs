using System.Text.Json;
using Connector.Http;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.AfterSales;

/// <summary>An answer of the after-sales API, kept so that a repeat with the same idempotency key gets it again.</summary>
public sealed record AfterSalesAnswer(int Status, string Json)
{
    /// <summary>Kept under the idempotency key (successes and TikTok's refusals); the connector's own 4xx leave the key free.</summary>
    public bool Keep { get; init; }

    /// <summary>Answered from an earlier request with the same idempotency key.</summary>
    public bool Replayed { get; init; }

    public IActionResult ToResult(HttpRequest request)
    {
        if (Replayed)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        var body = Replayed && Status < 400 ? MarkReplayed(Json) : Json;
        return new ContentResult { StatusCode = Status, ContentType = Status >= 400 ? Problems.ContentType : "application/json", Content = body };
    }

    private static string MarkReplayed(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node["replayed"] = true;
        return node.ToJsonString(Problems.JsonOptions);
    }
}

/// <summary>How the after-sales API shows requests and problems (problem+json, with TikTok's code, message and request id when TikTok refused).</summary>
public static class AfterSalesHttp
{
    public static AfterSalesAnswer Ok(object body) => new(StatusCodes.Status200OK, JsonSerializer.Serialize(body, Problems.JsonOptions)) { Keep = true };

    public static AfterSalesAnswer Problem(int status, string title, string detail, IDictionary<string, string[]>? errors = null, object? tiktok = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["reference"] = Problems.NewReference(),
        };
        if (errors is { Count: > 0 })
        {
            body["errors"] = errors;
        }

        if (tiktok is not null)
        {
            body["tikTok"] = tiktok;
        }

        return new AfterSalesAnswer(status, JsonSerializer.Serialize(body, Problems.JsonOptions));
    }

    public static AfterSalesAnswer BadRequest(string detail, IDictionary<string, string[]>? errors = null) => Problem(StatusCodes.Status400BadRequest, "The request is not valid", detail, errors);

    public static AfterSalesAnswer NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static AfterSalesAnswer Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static AfterSalesAnswer Unprocessable(string detail, IDictionary<string, string[]>? errors = null) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "The request cannot be carried out", detail, errors);

    /// <summary>TikTok said no: its message, code and request id, for the back office and for TikTok support.</summary>
    public static AfterSalesAnswer TikTokRefused(string what, TikTokException e) =>
        e.IsRetryable
            ? Problem(StatusCodes.Status503ServiceUnavailable, "TikTok is unavailable", $"TikTok did not answer {what} ({e.Kind}, request {e.RequestId ?? "none"}); nothing changed. Try again shortly.",
                tiktok: new { code = e.Code, message = e.Detail, requestId = e.RequestId })
            : Problem(StatusCodes.Status422UnprocessableEntity, "TikTok refused", $"TikTok refused {what}: {e.Detail} (code {e.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, request {e.RequestId ?? "none"}).",
                tiktok: new { code = e.Code, message = e.Detail, requestId = e.RequestId }) with { Keep = true };

    public static object View(AfterSalesRequest r) => new
    {
        requestId = r.RequestId,
        kind = r.Kind.ToString(),
        type = r.Type,
        merchantId = r.MerchantId,
        shopId = r.ShopId,
        orderId = r.OrderId,
        state = r.State.ToString(),
        stateReason = r.StateReason,
        awaitsSeller = r.AwaitsSeller,
        actions = AfterSalesRules.Allowed(r).Select(a => a.ToString()),
        tikTokStatus = r.TikTokStatus,
        role = r.Role,
        reason = r.Reason,
        reasonText = r.ReasonText,
        nextAction = r.NextAction,
        deadline = r.Deadline,
        arbitrationStatus = r.ArbitrationStatus,
        canBuyerKeepItem = r.CanBuyerKeepItem,
        lines = r.Lines,
        refund = r.Refund,
        returnShipment = r.ReturnShipment,
        evidence = r.Evidence,
        decisions = r.Decisions,
        history = r.History,
        createdAt = TikTokTime.FromUnix(r.CreateTime),
        tikTokUpdatedAt = TikTokTime.FromUnix(r.UpdateTime),
        updatedAt = r.UpdatedAt,
        source = r.Source,
    };
}
