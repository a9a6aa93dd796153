using static TikTokSimulator.ControlBody;

namespace TikTokSimulator;

/// <summary>
/// The listings part of the control API under <c>/_sim/</c>: a shop's daily upload
/// limit and review behaviour, failing prerequisites, ending a review, reading a product as TikTok shows it, and the
/// sample images that stand in for a merchant's image host.
/// </summary>
internal static class ListingControlEndpoints
{
    public static void Map(WebApplication app, TikTokSimulatorServer sim)
    {
        var state = sim.State;
        var g = app.MapGroup("/_sim");
        SampleImages.Map(app);

        g.MapPut("/shops/{shopId}/listing-policy", (HttpContext c, string shopId) =>
        {
            var body = Body<PolicyInput>(c);
            var policy = state.SetListingPolicy(shopId, body.DailyLimit, body.AuditMode, body.AuditDelayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, body.RejectTitlesContaining);
            return Results.Json(new
            {
                daily_limit = policy.DailyLimit, audit_mode = policy.AuditMode, audit_delay_ms = (int)policy.AuditDelay.TotalMilliseconds,
                reject_titles_containing = policy.RejectTitlesContaining, creates_today = state.CreatesToday(shopId),
            }, SimJson.Options);
        });

        g.MapPut("/shops/{shopId}/prerequisites/{checkItem}", (HttpContext c, string shopId, string checkItem) =>
        {
            state.SetPrerequisite(shopId, checkItem, Body<PrerequisiteInput>(c).FailReason);
            return Results.Json(new { check_item = checkItem }, SimJson.Options);
        });

        g.MapPost("/shops/{shopId}/products/{productId}/audit", (HttpContext c, string shopId, string productId) =>
        {
            var body = Body<AuditInput>(c);
            state.AuditProduct(shopId, productId, body.Status == "APPROVED",
                body.Reasons?.Select(r => new SimAuditFailure(r.Position ?? "", r.Reasons ?? [], r.Suggestions ?? [])).ToList());
            return Results.Json(state.ProductDetail(shopId, productId), SimJson.Options);
        });

        g.MapGet("/shops/{shopId}/products/{productId}", (string shopId, string productId) => Results.Json(state.ProductDetail(shopId, productId), SimJson.Options));
    }

    private sealed record PolicyInput(int? DailyLimit, string? AuditMode, int? AuditDelayMs, string? RejectTitlesContaining);
    private sealed record PrerequisiteInput(string? FailReason);
    private sealed record AuditReasonInput(string? Position, List<string>? Reasons, List<string>? Suggestions);
    private sealed record AuditInput(string? Status, List<AuditReasonInput>? Reasons);
}
