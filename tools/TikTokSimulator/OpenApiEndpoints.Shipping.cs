using System.Globalization;

namespace TikTokSimulator;

/// <summary>
/// TikTok Shipping's Open API paths (api-reference/fulfillment): eligible shipping services, create packages, handover
/// time slots, ship package, shipping documents, package detail, split, combinable packages and combine. Answered from
/// <see cref="SimulatorState"/> (SimulatorState.Shipping.cs), behind the same gate as every Open API call.
/// </summary>
internal static class ShippingEndpoints
{
    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapPost("/fulfillment/202309/orders/{order_id}/shipping_services/query", (HttpContext c, string order_id) =>
        {
            var body = Envelope.Body<ShippingServiceQuery>(c);
            return Envelope.Ok(c, state, () => state.QueryShippingServices(Shop(c), order_id, body));
        });

        app.MapPost("/fulfillment/202309/packages", (HttpContext c) =>
        {
            var body = Envelope.Body<CreatePackageBody>(c);
            return Envelope.Ok(c, state, () => state.CreatePackage(Shop(c), body));
        });

        app.MapGet("/fulfillment/202309/packages/{package_id}/handover_time_slots", (HttpContext c, string package_id) =>
            Envelope.Ok(c, state, () => state.HandoverTimeSlots(Shop(c), package_id)));

        app.MapPost("/fulfillment/202309/packages/{package_id}/ship", (HttpContext c, string package_id) =>
        {
            var body = Envelope.Body<ShipPackageBody>(c);
            return Envelope.Ok(c, state, () =>
            {
                state.ShipPackage(Shop(c), package_id, body);
                return new { };
            });
        });

        app.MapGet("/fulfillment/202309/packages/{package_id}/shipping_documents", (HttpContext c, string package_id) =>
        {
            var query = c.Request.Query;
            var baseUri = new Uri($"{c.Request.Scheme}://{c.Request.Host}/");
            return Envelope.Ok(c, state, () => state.ShippingDocument(Shop(c), package_id, query["document_type"].FirstOrDefault(), query["document_size"].FirstOrDefault(),
                query["document_format"].FirstOrDefault(), baseUri));
        });

        app.MapGet("/fulfillment/202309/packages/{package_id}", (HttpContext c, string package_id) =>
            Envelope.Ok(c, state, () => state.PackageDetail(Shop(c), package_id)));

        app.MapPost("/fulfillment/202309/orders/{order_id}/split", (HttpContext c, string order_id) =>
        {
            var body = Envelope.Body<SplitBody>(c);
            return Envelope.Ok(c, state, () => state.Split(Shop(c), order_id, body));
        });

        app.MapGet("/fulfillment/202309/combinable_packages/search", (HttpContext c) =>
        {
            if (!int.TryParse(c.Request.Query["page_size"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > 50)
            {
                throw new SimException(400, Codes.InvalidParameter, "page_size is required: 1 to 50");
            }

            var token = c.Request.Query["page_token"].FirstOrDefault();
            return Envelope.Ok(c, state, () => state.SearchCombinable(Shop(c), size, token));
        });

        app.MapPost("/fulfillment/202309/packages/combine", (HttpContext c) =>
        {
            var body = Envelope.Body<CombineBody>(c);
            return Envelope.Ok(c, state, () => state.Combine(Shop(c), body));
        });
    }

    private static SimShop Shop(HttpContext c) => (SimShop)c.Items[Gate.ShopKey]!;
}
