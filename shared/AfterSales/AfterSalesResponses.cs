using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Http;
using Connector.Orders;
using Connector.TikTok;
using Connector.TikTok.Api;

namespace Connector.AfterSales;

/// <summary>An after-sales request as the back office, support and the explain endpoint see it.</summary>
public sealed record AfterSalesRequestView(
    string RequestId, string Kind, string? Type, string MerchantId, string ShopId, string OrderId, string State, string StateReason, bool AwaitsSeller,
    IReadOnlyList<string> Actions, string TikTokStatus, string? Role, string? Reason, string? ReasonText, string? NextAction, DateTimeOffset? Deadline,
    string? ArbitrationStatus, bool? CanBuyerKeepItem, IReadOnlyList<AfterSalesLine> Lines, AfterSalesRefund? Refund, AfterSalesReturnShipment? ReturnShipment,
    IReadOnlyList<AfterSalesEvidence> Evidence, IReadOnlyList<AfterSalesDecision> Decisions, IReadOnlyList<AfterSalesStateChange> History, DateTimeOffset CreatedAt,
    DateTimeOffset TikTokUpdatedAt, DateTimeOffset UpdatedAt, string Source)
{
    public static AfterSalesRequestView Of(AfterSalesRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new AfterSalesRequestView(
            r.RequestId, r.Kind.ToString(), r.Type, r.MerchantId, r.ShopId, r.OrderId, r.State.ToString(), r.StateReason, r.AwaitsSeller,
            AfterSalesRules.Allowed(r).Select(a => a.ToString()).ToList(), r.TikTokStatus, r.Role, r.Reason, r.ReasonText, r.NextAction, r.Deadline, r.ArbitrationStatus,
            r.CanBuyerKeepItem, r.Lines, r.Refund, r.ReturnShipment, r.Evidence, r.Decisions, r.History, TikTokTime.FromUnix(r.CreateTime), TikTokTime.FromUnix(r.UpdateTime),
            r.UpdatedAt, r.Source);
    }
}

/// <summary>200 to GET .../after-sales: soonest deadline first.</summary>
public sealed record AfterSalesPage(IReadOnlyList<AfterSalesRequestView> Requests, string? ContinuationToken);

/// <summary>200 to GET .../after-sales/{requestId}/reject-reasons: TikTok's reasons, read from TikTok.</summary>
public sealed record RejectReasons(string RequestId, string State, IReadOnlyList<ReasonView> Reasons);

public sealed record ReasonView(string Name, string? Text);

/// <summary>200 to GET .../orders/{orderId}/cancel-reasons: TikTok's seller cancel reasons for the order's market and status.</summary>
public sealed record CancelReasons(string OrderId, string ShopId, string Market, string TikTokStatus, IReadOnlyList<CancelReasonView> Reasons);

public sealed record CancelReasonView(string Name, string Text, bool PartialAllowed);

/// <summary>The order an after-sales action changed, as the action's answer shows it.</summary>
public sealed record AfterSalesOrderView(
    string OrderId, string ShopId, string State, string StateReason, string TikTokStatus, OrderCancellationRequest? CancellationRequest, OrderAfterSales? AfterSales,
    IReadOnlyList<AfterSalesOrderLineView> Lines)
{
    public static AfterSalesOrderView? Of(StoredOrder? o) => o is null
        ? null
        : new AfterSalesOrderView(o.OrderId, o.ShopId, o.State.ToString(), o.StateReason, o.TikTokStatus, o.CancellationRequest, o.AfterSales,
            o.Lines.Select(l => new AfterSalesOrderLineView(l.Sku, l.Quantity, l.CancelledQuantity)).ToList());
}

public sealed record AfterSalesOrderLineView(string Sku, int Quantity, int CancelledQuantity);

/// <summary>
/// 200 to an after-sales action (approve, reject, receive, cancel an order): <see cref="DecisionAnswer"/>,
/// <see cref="SellerCancelAnswer"/>, or <see cref="ReplayedAnswer"/> for a repeat of an idempotency key.
/// </summary>
public abstract record AfterSalesActionAnswer;

/// <summary>The request as TikTok has it after the answer, and its order.</summary>
public sealed record DecisionAnswer(AfterSalesRequestView Request, AfterSalesOrderView? Order, bool Replayed) : AfterSalesActionAnswer;

/// <summary>TikTok's cancellation of the order (or of some of its lines), the request it opened and the order.</summary>
public sealed record SellerCancelAnswer(string CancelId, string? CancelStatus, bool Partial, AfterSalesRequestView? Request, AfterSalesOrderView? Order, bool Replayed)
    : AfterSalesActionAnswer;

/// <summary>
/// The answer kept under an idempotency key (a <see cref="DecisionAnswer"/> or <see cref="SellerCancelAnswer"/> as first
/// sent), sent again as it was with <c>replayed</c> set to true.
/// </summary>
[JsonConverter(typeof(ReplayedAnswerConverter))]
public sealed record ReplayedAnswer(string Json) : AfterSalesActionAnswer;

/// <summary>Writes a <see cref="ReplayedAnswer"/> as the kept JSON with <c>replayed: true</c>.</summary>
public sealed class ReplayedAnswerConverter : JsonConverter<ReplayedAnswer>
{
    public override ReplayedAnswer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new ReplayedAnswer(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, ReplayedAnswer value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var node = System.Text.Json.Nodes.JsonNode.Parse(value.Json)!.AsObject();
        node["replayed"] = true;
        node.WriteTo(writer, options);
    }
}

/// <summary>How after-sales refusals carry TikTok's code, message and request id (problem member <c>tikTok</c>).</summary>
public static class AfterSalesRefusals
{
    /// <summary>TikTok said no (422, kept under the idempotency key) or did not answer (503, safe to retry).</summary>
    public static Refusal TikTokRefused(string what, TikTokException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var tiktok = new Dictionary<string, object?> { ["tikTok"] = new TikTokRefusalView(e.Code, e.Detail, e.RequestId) };
        return e.IsRetryable
            ? new Refusal(RefusalKind.Unavailable, $"TikTok did not answer {what} ({e.Kind}, request {e.RequestId ?? "none"}); nothing changed. Try again shortly.")
            {
                Title = "TikTok is unavailable", Extensions = tiktok,
            }
            : new Refusal(RefusalKind.Unprocessable,
                $"TikTok refused {what}: {e.Detail} (code {e.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, request {e.RequestId ?? "none"}).")
            {
                Title = "TikTok refused", Extensions = tiktok,
            };
    }

    /// <summary>A refusal with the bad fields named (422 when TikTok's rules refuse a well-formed value).</summary>
    public static Refusal Unprocessable(string detail, string field, params string[] errors) =>
        new(RefusalKind.Unprocessable, detail) { Errors = new Dictionary<string, string[]> { [field] = errors } };
}

/// <summary>TikTok's code, message and request id of a refused call.</summary>
public sealed record TikTokRefusalView(long? Code, string Message, string? RequestId);
