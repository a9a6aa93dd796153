using static TikTokSimulator.ControlBody;

namespace TikTokSimulator;

/// <summary>Control API for the reference-conformance behaviour (inventory refusals, ship warnings), under <c>/_sim/</c>.</summary>
internal static class ReferenceControlEndpoints
{
    public static void Map(RouteGroupBuilder g, TikTokSimulatorServer sim)
    {
        var state = sim.State;

        // {"code": 12052393, "message": "..."} refuses the SKU's inventory updates (listed in data.errors); {"code": null} lifts it.
        g.MapPut("/shops/{shopId}/skus/{skuId}/inventory-refusal", (HttpContext c, string shopId, string skuId) =>
        {
            var body = Body<RefusalInput>(c);
            state.RefuseInventoryUpdates(shopId, skuId, body.Code, body.Message ?? "Product locked for Promotion and stock can't be updated below current stock");
            return Results.Json(new { shop_id = shopId, sku_id = skuId, code = body.Code }, SimJson.Options);
        });

        // {"message": "match more than one provider"} makes mark-package-as-shipped answer with that warning; {"message": null} stops it.
        g.MapPut("/shops/{shopId}/ship-warning", (HttpContext c, string shopId) =>
        {
            var body = Body<WarningInput>(c);
            state.WarnOnShip(shopId, body.Message);
            return Results.Json(new { shop_id = shopId, message = body.Message }, SimJson.Options);
        });
    }

    private sealed record RefusalInput(long? Code = 12052393, string? Message = null);

    private sealed record WarningInput(string? Message);
}
