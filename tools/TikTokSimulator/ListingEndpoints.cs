using System.Globalization;

namespace TikTokSimulator;

/// <summary>The product listing paths of TikTok's Open API (api-reference/products), answered from <see cref="SimulatorState"/>.</summary>
internal static class ListingEndpoints
{
    /// <summary>Paths TikTok documents without shop_cipher (image upload is per seller).</summary>
    public static readonly HashSet<string> WithoutShopCipher = new(StringComparer.Ordinal) { "/product/202309/images/upload" };

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapGet("/product/202309/categories", (HttpContext c) =>
            Envelope.Ok(c, state, () => state.Categories(Shop(c), c.Request.Query["category_version"].FirstOrDefault(), c.Request.Query["keyword"].FirstOrDefault())));

        app.MapPost("/product/202309/categories/recommend", (HttpContext c) =>
        {
            var body = Envelope.Body<RecommendBody>(c);
            return Envelope.Ok(c, state, () => state.RecommendCategory(Shop(c), body));
        });

        app.MapGet("/product/202309/categories/{category_id}/rules", (HttpContext c, string category_id) =>
            Envelope.Ok(c, state, () => state.CategoryRules(Shop(c), category_id, c.Request.Query["category_version"].FirstOrDefault())));

        app.MapGet("/product/202309/categories/{category_id}/attributes", (HttpContext c, string category_id) =>
            Envelope.Ok(c, state, () => state.Attributes(Shop(c), category_id, c.Request.Query["category_version"].FirstOrDefault())));

        app.MapGet("/product/202309/brands", (HttpContext c) =>
        {
            if (!int.TryParse(c.Request.Query["page_size"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > 100)
            {
                throw new SimException(400, 12019109, "page size is invalid: 1 to 100");
            }

            return Envelope.Ok(c, state, () => state.Brands(c.Request.Query["brand_name"].FirstOrDefault(), size, c.Request.Query["page_token"].FirstOrDefault()));
        });

        app.MapPost("/product/202309/images/upload", async (HttpContext c) =>
        {
            if (!c.Request.HasFormContentType)
            {
                throw new SimException(400, 12038002, "Invalid upload file. Please ensure you are passing the correct file data.");
            }

            var form = await c.Request.ReadFormAsync(c.RequestAborted);
            var file = form.Files.GetFile("data") ?? throw new SimException(400, 12038002, "Invalid upload file: the form has no data file");
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, c.RequestAborted);
            var seller = (SimSeller)c.Items[Gate.SellerKey]!;
            return Envelope.Ok(c, state, () => state.UploadImage(seller, buffer.ToArray(), form["use_case"].FirstOrDefault()));
        });

        app.MapPost("/product/202309/products", (HttpContext c) =>
        {
            var body = Envelope.Body<ProductBody>(c);
            return Envelope.Ok(c, state, () => state.CreateProduct(Shop(c), body));
        });

        app.MapPost("/product/202509/products/{product_id}/partial_edit", (HttpContext c, string product_id) =>
        {
            var body = Envelope.Body<ProductBody>(c);
            return Envelope.Ok(c, state, () => state.PartialEdit(Shop(c), product_id, body));
        });

        app.MapPost("/product/202309/products/{product_id}/prices/update", (HttpContext c, string product_id) =>
        {
            var body = Envelope.Body<ProductBody>(c);
            return Envelope.Ok(c, state, () =>
            {
                state.UpdatePrices(Shop(c), product_id, body);
                return new { };
            });
        });

        foreach (var (method, path, action) in new[]
        {
            ("POST", "/product/202309/products/activate", "activate"),
            ("POST", "/product/202309/products/deactivate", "deactivate"),
            ("DELETE", "/product/202309/products", "delete"),
        })
        {
            app.MapMethods(path, [method], (HttpContext c) =>
            {
                var body = Envelope.Body<IdsBody>(c);
                return Envelope.Ok(c, state, () => state.Bulk(Shop(c), action, body));
            });
        }

        app.MapGet("/product/202312/prerequisites", (HttpContext c) => Envelope.Ok(c, state, () => state.Prerequisites(Shop(c))));
    }

    private static SimShop Shop(HttpContext c) => (SimShop)c.Items[Gate.ShopKey]!;
}
