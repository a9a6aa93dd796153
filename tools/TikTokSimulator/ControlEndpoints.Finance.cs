using static TikTokSimulator.ControlBody;

namespace TikTokSimulator;

/// <summary>
/// Control API for TikTok's money side: settle orders, add adjustments, move an order to another currency, and read
/// the books (every statement with its transactions, as TikTok settled them).
/// </summary>
internal static class FinanceControlEndpoints
{
    public static void Map(WebApplication app, TikTokSimulatorServer sim)
    {
        var state = sim.State;
        var g = app.MapGroup("/_sim/shops/{shopId}/finance");

        g.MapPost("/settle", (HttpContext c, string shopId) =>
        {
            var body = Body<SettleInput>(c);
            var settled = state.SettleOrders(shopId, body.OrderIds,
                body.SettleTime is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : null,
                body.AfterCreateSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
            return Results.Bytes(state.Snapshot(() => new { settled = settled.Select(t => new { transaction_id = t.Id, t.OrderId, t.StatementId, settlement = t.Settlement }) }), "application/json");
        });

        g.MapPost("/adjustments", (HttpContext c, string shopId) =>
        {
            var body = Body<AdjustmentInput>(c);
            var adjustment = state.AddAdjustment(shopId, body.Type ?? "SHIPPING_FEE_COMPENSATION", body.Amount, body.OrderId,
                body.SettleTime is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : null, body.Currency);
            return Results.Bytes(state.Snapshot(() => new { transaction_id = adjustment.Id, adjustment.StatementId }), "application/json");
        });

        g.MapPost("/orders/{orderId}/currency", (HttpContext c, string shopId, string orderId) =>
        {
            state.SetOrderCurrency(shopId, orderId, Body<CurrencyInput>(c).Currency);
            return Results.Json(new { changed = true }, SimJson.Options);
        });

        g.MapGet("/", (string shopId) => Results.Bytes(state.Snapshot(() => state.Statements(shopId).Select(s => new
        {
            s.Id, s.StatementTime, s.Currency, s.Settlement, s.Revenue, s.Shipping, fee_tax = s.FeeTax, s.Adjustment, s.PaymentId,
            transactions = s.Transactions.Select(t => new { t.Id, t.Type, t.OrderId, t.AdjustmentOrderId, t.Settlement, t.Revenue, t.Shipping, fee_tax = t.FeeTax, t.Adjustment }),
        }).ToList()), "application/json"));
    }

    private sealed record SettleInput(List<string>? OrderIds, long? SettleTime, long? AfterCreateSeconds);
    private sealed record AdjustmentInput(string? Type, decimal Amount, string? OrderId, long? SettleTime, string? Currency);
    private sealed record CurrencyInput(string Currency);
}
