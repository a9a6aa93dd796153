using System.Text.Json;
using static TikTokSimulator.ControlBody;

namespace TikTokSimulator;

/// <summary>
/// Control API for TikTok Shipping under <c>/_sim/</c>: make an order a TikTok Shipping one, set its deadlines, change
/// the buyer's address, list / collect / cancel packages, hold documents back, download documents (the URLs the Open API
/// hands out), and send the package (4) and address (3) webhooks in TikTok's shape.
/// </summary>
internal static class ShippingControlEndpoints
{
    public static void Map(WebApplication app, TikTokSimulatorServer sim)
    {
        var state = sim.State;
        var g = app.MapGroup("/_sim");

        g.MapGet("/documents/{token}", (string token) => state.Document(token) is { } pdf
            ? Results.Bytes(pdf, "application/pdf")
            : Results.NotFound());

        g.MapPost("/shops/{shopId}/orders/{orderId}/tiktok-shipping", (string shopId, string orderId) =>
        {
            var order = state.UseTikTokShipping(shopId, orderId);
            return Results.Bytes(state.Snapshot(() => order), "application/json");
        });

        g.MapPut("/shops/{shopId}/orders/{orderId}/deadlines", (HttpContext c, string shopId, string orderId) =>
        {
            var body = Body<DeadlinesInput>(c);
            var order = state.SetDeadlines(shopId, orderId, body.RtsSlaTime, body.TtsSlaTime, body.ShippingDueTime, body.CollectionDueTime);
            return Results.Bytes(state.Snapshot(() => order), "application/json");
        });

        g.MapPost("/shops/{shopId}/orders/{orderId}/address", async (HttpContext c, string shopId, string orderId) =>
        {
            var body = Body<AddressInput>(c);
            var order = state.ChangeRecipientAddress(shopId, orderId, body.AddressLine1 ?? "1 New Street", body.PostalCode ?? "SW1A 2AA", body.City, body.Name);
            int? status = body.WebhookUrl is { } url && body.AppKey is { } appKey
                ? await sim.SendAddressUpdateAsync(new Uri(url), appKey, shopId, orderId, c.RequestAborted)
                : null;
            return Results.Json(new { order_id = order.Id, webhook_status_code = status }, SimJson.Options);
        });

        g.MapGet("/shops/{shopId}/packages", (string shopId) => Results.Bytes(state.Snapshot(() => state.Packages(shopId)), "application/json"));

        g.MapPost("/shops/{shopId}/packages/{packageId}/collect", (string shopId, string packageId) =>
        {
            var package = state.CollectPackage(shopId, packageId);
            return Results.Bytes(state.Snapshot(() => package), "application/json");
        });

        g.MapPost("/shops/{shopId}/packages/{packageId}/cancel", (string shopId, string packageId) =>
        {
            var replacement = state.CancelPackage(shopId, packageId);
            return Results.Json(new { cancelled = packageId, new_package_id = replacement?.Id }, SimJson.Options);
        });

        g.MapPost("/shops/{shopId}/documents/not-ready", (HttpContext c, string shopId) =>
        {
            var body = Body<CountInput>(c);
            state.DocumentsNotReady(shopId, body.Count);
            return Results.Json(new { not_ready = body.Count }, SimJson.Options);
        });

        g.MapPost("/webhooks/package-update", async (HttpContext c) =>
        {
            var body = Body<PackageWebhookInput>(c);
            var status = await sim.SendPackageUpdateAsync(new Uri(body.Url), body.AppKey, body.ShopId, body.ScType ?? "SPLIT", body.RoleType ?? "ROLE_SELLER",
                body.PackageIds ?? [], c.RequestAborted);
            return Results.Json(new { status_code = status }, SimJson.Options);
        });

        g.MapPost("/webhooks/address-update", async (HttpContext c) =>
        {
            var body = Body<AddressWebhookInput>(c);
            var status = await sim.SendAddressUpdateAsync(new Uri(body.Url), body.AppKey, body.ShopId, body.OrderId, c.RequestAborted);
            return Results.Json(new { status_code = status }, SimJson.Options);
        });
    }

    private sealed record DeadlinesInput(long? RtsSlaTime, long? TtsSlaTime, long? ShippingDueTime, long? CollectionDueTime);
    private sealed record AddressInput(string? AddressLine1, string? PostalCode, string? City, string? Name, string? WebhookUrl, string? AppKey);
    private sealed record CountInput(int Count);
    private sealed record PackageWebhookInput(string Url, string AppKey, string ShopId, string? ScType, string? RoleType, List<string>? PackageIds);
    private sealed record AddressWebhookInput(string Url, string AppKey, string ShopId, string OrderId);
}

/// <summary>The package (4) and address (3) webhooks, with TikTok's data built from the simulator's state.</summary>
public static class ShippingWebhooks
{
    public static Task<int> SendPackageUpdateAsync(this TikTokSimulatorServer sim, Uri url, string appKey, string shopId, string scType, string roleType,
        IReadOnlyList<string> packageIds, CancellationToken cancellationToken) =>
        sim.SendWebhookAsync(url, appKey, 4, shopId, JsonSerializer.SerializeToElement(sim.State.PackageUpdateData(shopId, scType, roleType, packageIds), SimJson.Options), cancellationToken);

    public static Task<int> SendAddressUpdateAsync(this TikTokSimulatorServer sim, Uri url, string appKey, string shopId, string orderId, CancellationToken cancellationToken) =>
        sim.SendWebhookAsync(url, appKey, 3, shopId, JsonSerializer.SerializeToElement(sim.State.AddressUpdateData(shopId, orderId), SimJson.Options), cancellationToken);
}
