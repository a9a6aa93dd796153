using System.Text.Json;
using static TikTokSimulator.ControlBody;

namespace TikTokSimulator;

/// <summary>
/// The test and demo control API under <c>/_sim/</c> (plain JSON, snake_case). Each route calls the same method
/// tests call in-process on <see cref="TikTokSimulatorServer"/>.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(WebApplication app, TikTokSimulatorServer sim)
    {
        var state = sim.State;
        var g = app.MapGroup("/_sim");

        g.MapPost("/reset", () =>
        {
            sim.Reset();
            return Json(new { reset = true });
        });

        g.MapPost("/apps", (HttpContext c) =>
        {
            var body = Body<AppInput>(c);
            return Json(state.CreateApp(body.AppKey, body.AppSecret, body.ServiceId, body.CallbackUrl));
        });

        g.MapPost("/sellers", (HttpContext c) =>
        {
            var body = Body<SellerInput>(c);
            if (body.Shops is < 1 or > MaxShopsPerSeller)
            {
                throw SimException.BadRequest($"shops must be 1 to {MaxShopsPerSeller} (a seller has at least one shop); it was {body.Shops}");
            }

            var seller = state.CreateSeller(body.Name, body.Region ?? "GB", body.Shops ?? 1);
            return Json(state.Locked(() => SellerView(seller)));
        });

        g.MapPost("/sellers/{sellerId}/shops", (HttpContext c, string sellerId) =>
        {
            var body = Body<SellerInput>(c);
            var shop = state.AddShop(sellerId, body.Name, body.Region ?? "GB");
            return Json(state.Locked(() => ShopView(shop)));
        });

        g.MapPost("/auth-codes", (HttpContext c) =>
        {
            var body = Body<GrantInput>(c);
            return Json(new { code = state.CreateAuthCode(body.AppKey, body.SellerId) });
        });

        g.MapPost("/authorizations", (HttpContext c) =>
        {
            var body = Body<GrantInput>(c);
            return Json(state.Authorize(body.AppKey, body.SellerId));
        });

        g.MapPost("/authorizations/revoke", (HttpContext c) =>
        {
            var body = Body<GrantInput>(c);
            state.Revoke(body.AppKey, body.SellerId);
            return Json(new { revoked = true });
        });

        g.MapPost("/tokens/expire", (HttpContext c) =>
        {
            var body = Body<ExpireInput>(c);
            if (body.AccessToken is not null)
            {
                state.ExpireAccessToken(body.AccessToken);
                return Json(new { expired = 1 });
            }

            return Json(new { expired = state.ExpireAccessTokens(body.AppKey ?? "", body.SellerId ?? "") });
        });

        g.MapPost("/shops/{shopId}/orders/generate", (HttpContext c, string shopId) =>
        {
            var body = Body<GenerateInput>(c);
            var orders = state.GenerateOrders(shopId, body.Count, body.Seed,
                body.CreateTimeFrom is { } from ? DateTimeOffset.FromUnixTimeSeconds(from) : null,
                body.CreateTimeTo is { } to ? DateTimeOffset.FromUnixTimeSeconds(to) : null, body.Status,
                new SimOrderOptions(body.ShippingType, body.FulfillmentType, body.IsOnHoldOrder));
            return Json(new { order_ids = orders.Select(o => o.Id).ToList() });
        });

        g.MapGet("/shops/{shopId}/orders/{orderId}", (string shopId, string orderId) =>
            Results.Bytes(state.Snapshot(() => state.Order(state.Shop(shopId), orderId)), "application/json"));

        g.MapPatch("/shops/{shopId}/orders/{orderId}", (HttpContext c, string shopId, string orderId) =>
        {
            var body = Body<OrderChange>(c);
            var order = state.ChangeOrder(shopId, orderId, body.Status, body.CancelReason, body.BuyerMessage);
            return Results.Bytes(state.Snapshot(() => order), "application/json");
        });

        g.MapPost("/shops/{shopId}/orders/{orderId}/cancel", (HttpContext c, string shopId, string orderId) =>
        {
            var body = Body<OrderChange>(c);
            var order = state.ChangeOrder(shopId, orderId, "CANCELLED", body.CancelReason);
            return Results.Bytes(state.Snapshot(() => order), "application/json");
        });

        g.MapPut("/shops/{shopId}/products", (HttpContext c, string shopId) =>
        {
            var products = state.SetProducts(shopId, Body<List<SimProductInput>>(c));
            return Results.Bytes(state.Snapshot(() => products), "application/json");
        });

        g.MapGet("/shops/{shopId}/products", (string shopId) =>
            Results.Bytes(state.Snapshot(() => state.Shop(shopId).Products.Values.ToList()), "application/json"));

        g.MapGet("/shops/{shopId}", (string shopId) => Json(state.Locked(() => ShopView(state.Shop(shopId)))));

        g.MapGet("/shops/{shopId}/inventory-updates", (string shopId) => Json(state.InventoryUpdates(shopId)));

        ReferenceControlEndpoints.Map(g, sim);

        g.MapGet("/calls", (string? app_key, string? path, string? shop_id) => Json(new
        {
            count = sim.Calls.Count(app_key, path, shop_id),
            by_path = sim.Calls.Matching(app_key, null, shop_id).GroupBy(x => x.Path).ToDictionary(x => x.Key, x => x.Count()),
        }));

        g.MapPost("/faults", (HttpContext c) =>
        {
            FaultRule rule;
            try
            {
                rule = Body<FaultRule>(c);
            }
            catch (SimException e) when (e.Message.Contains(nameof(FaultKind), StringComparison.Ordinal))
            {
                throw SimException.BadRequest(KindsHint);
            }

            if (!Enum.IsDefined(rule.Kind))
            {
                throw SimException.BadRequest(KindsHint);
            }

            sim.Faults.Add(rule);
            return Json(rule);
        });

        g.MapDelete("/faults", (string? app_key) =>
        {
            sim.Faults.Clear(app_key);
            return Json(new { cleared = true });
        });

        g.MapPost("/webhooks", async (HttpContext c) =>
        {
            var body = Body<WebhookInput>(c);
            var status = await sim.SendWebhookAsync(new Uri(body.Url), body.AppKey, body.Type, body.ShopId, body.Data, c.RequestAborted, body.NotificationId);
            return Json(new { status_code = status });
        });
    }

    /// <summary>The most shops one seller gets through the control API.</summary>
    public const int MaxShopsPerSeller = 100;

    private static string KindsHint =>
        "kind must be one of " + string.Join(", ", Enum.GetValues<FaultKind>().Select(k => $"{k} ({(int)k})")) + ", by name or number";

    private static object SellerView(SimSeller seller) => new
    {
        seller_id = seller.OpenId, seller.Name, seller.Region, shops = seller.Shops.Select(ShopView).ToList(),
    };

    private static object ShopView(SimShop shop) => new
    {
        shop.Id, shop.Cipher, shop.Name, shop.Region, shop.Code, shop.Currency, seller_id = shop.SellerId,
        warehouses = shop.Warehouses.Select(w => new
        {
            w.Id, w.Name, w.Type, w.IsDefault,
            delivery_options = w.DeliveryOptions.Select(d => new { d.Id, d.Name, shipping_providers = d.ShippingProviders }),
        }),
    };

    private static IResult Json(object? value) => Results.Json(value, SimJson.Options);

    private sealed record AppInput(string? AppKey, string? AppSecret, string? ServiceId, string? CallbackUrl);
    private sealed record SellerInput(string? Name, string? Region, int? Shops);
    private sealed record GrantInput(string AppKey, string SellerId);
    private sealed record ExpireInput(string? AccessToken, string? AppKey, string? SellerId);
    private sealed record GenerateInput(int Count, int Seed, long? CreateTimeFrom, long? CreateTimeTo, string? Status,
        string? ShippingType = null, string? FulfillmentType = null, bool? IsOnHoldOrder = null);
    private sealed record OrderChange(string? Status, string? CancelReason, string? BuyerMessage);
    private sealed record WebhookInput(string Url, string AppKey, int Type, string ShopId, JsonElement? Data, string? NotificationId = null);
}
