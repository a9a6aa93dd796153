using Connector.Http;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;

namespace Connector.Admin.Explain;

/// <summary>GET /api/admin/shops/{shopId}/orders/{orderId}/explain.</summary>
public sealed record ExplainOrder(string ShopId, string OrderId)
{
    public static ExplainOrder Bind(RequestReader r, string shopId, string orderId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ExplainOrder(r.Id("shopId", shopId), r.Id("orderId", orderId));
    }
}

/// <summary>
/// Why an order is (or is not) stored: the <see cref="Verdict"/> in one word, the explanation (ending with the remedy),
/// the shop's status and order settings, the order as stored and as TikTok has it, and where the order pull stands.
/// </summary>
public sealed record OrderExplanation(
    string ShopId, string OrderId, OrderVerdict Verdict, string Explanation, string? Remedy, ExplainedShop Shop, ExplainedStoredOrder? Stored,
    ExplainedTikTokOrder? Tiktok, string? OtherShopId, IReadOnlyList<object> AfterSales, ExplainedPull OrderPull);

/// <summary>The shop's status and order settings, as the explanation used them.</summary>
public sealed record ExplainedShop(ShopStatus Status, ShopOrderSettings Orders);

/// <summary>The order as the connector stores it.</summary>
public sealed record ExplainedStoredOrder(
    string ShopId, string MerchantId, OrderState State, string StateReason, string TikTokStatus, string Source, IReadOnlyList<string> MissingSkus,
    IReadOnlyList<OrderStateChange> History, DateTimeOffset ImportedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ReleasedAt,
    OrderCancellationRequest? CancellationRequest, OrderAfterSales? AfterSales, DateTimeOffset TikTokUpdatedAt);

/// <summary>The order as TikTok has it (when it is not stored).</summary>
public sealed record ExplainedTikTokOrder(
    string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PaidAt, string? ShippingType, string? FulfillmentType, bool OnHold, bool IsOnHoldOrder);

/// <summary>Where the shop's order pull stands: how far it got, what the first import took, its last run and the next one.</summary>
public sealed record ExplainedPull(
    DateTimeOffset? Watermark, DateTimeOffset? ImportedFrom, DateTimeOffset? OpenOrdersTakenAt, bool Running, RunRecord? LastRun, DateTimeOffset? NextScheduledAt);
