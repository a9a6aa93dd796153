using System.Net;
using System.Text;
using Connector.IntegrationTests.TikTok;
using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TikTokSimulator;

namespace Connector.IntegrationTests.Listings;

/// <summary>
/// Every product listing endpoint the client calls and the simulator serves, against TikTok's own reference: the path and
/// method exist; every query and body parameter sent is documented with a compatible type and every required one is sent;
/// the client reads TikTok's example answer; the simulator's answers hold only documented fields of documented types.
/// </summary>
public sealed class ListingConformanceTests
{
    private static TikTokSimulatorServer Sim => TikTokSimulatorSetup.Server;

    private static readonly string[] SpecFiles =
    [
        "products/get-categories.spec.json", "products/recommend-category.spec.json", "products/get-category-rules.spec.json", "products/get-attributes.spec.json",
        "products/get-brands.spec.json", "products/upload-product-image.spec.json", "products/create-product.spec.json", "products/partial-edit-product.spec.json",
        "products/update-price.spec.json", "products/activate-product.spec.json", "products/deactivate-products.spec.json", "products/delete-products.spec.json",
        "products/check-listing-prerequisites.spec.json", "products/get-product.spec.json",
    ];

    private static readonly Lazy<IReadOnlyList<EndpointSpec>> Specs = new(() => SpecFiles.Select(TikTokReference.Default.EndpointFile).ToList());

    private static EndpointSpec? SpecOf(HttpMethod method, string path) => Specs.Value.FirstOrDefault(s => s.Method == method && s.Matches(path));

    /// <summary>Answers every call with TikTok's own example answer of the endpoint.</summary>
    private sealed class ExampleResponder : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var spec = SpecOf(request.Method, request.RequestUri!.AbsolutePath)!;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(spec.ResponseBodyExampleText!, Encoding.UTF8, "application/json") });
        }
    }

    private static (ServiceProvider Services, SimApp App, SimShop Shop, TikTokShopRef Ref) Client(ExchangeLog? log, bool examples = false)
    {
        var app = Sim.State.CreateApp();
        var seller = Sim.State.CreateSeller();
        var shop = seller.Shops[0];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikTok:AppKey"] = app.AppKey,
            ["TikTok:AppSecret"] = app.AppSecret,
            ["TikTok:ServiceId"] = app.ServiceId,
            ["TikTok:AuthBaseUrl"] = Sim.BaseUri.ToString(),
            ["TikTok:OpenApiBaseUrl"] = Sim.BaseUri.ToString(),
            ["TikTok:MaxRetries"] = "1",
            ["TikTok:RequestsPerSecondPerShop"] = "1000",
            ["TikTok:RequestsPerSecondPerApp"] = "1000",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddTikTokShop(configuration);
        var client = collection.AddHttpClient<ITikTokListingClient, TikTokListingClient>();
        if (log is not null)
        {
            client.AddHttpMessageHandler(() => new RecordingHandler(log));
        }

        if (examples)
        {
            client.ConfigurePrimaryHttpMessageHandler(() => new ExampleResponder());
        }

        collection.AddSingleton<InMemoryTokenProvider>();
        collection.AddSingleton<ITikTokTokenProvider>(sp => sp.GetRequiredService<InMemoryTokenProvider>());
        var services = collection.BuildServiceProvider();
        _ = services.GetRequiredService<IOptions<TikTokOptions>>().Value;
        services.GetRequiredService<InMemoryTokenProvider>().Store(shop.Id, Sim.State.Authorize(app.AppKey, seller.OpenId));
        return (services, app, shop, new TikTokShopRef(shop.Id, shop.Cipher));
    }

    [Test]
    public async Task Every_listing_call_and_every_simulator_answer_conforms_to_tiktoks_reference()
    {
        var log = new ExchangeLog();
        var (services, _, shop, reference) = Client(log);
        await using var _ = services;
        var tiktok = services.GetRequiredService<ITikTokListingClient>();
        var ct = CancellationToken.None;
        Sim.State.SetListingPolicy(shop.Id, auditMode: "manual");

        await tiktok.GetCategoriesAsync(reference, "v1", ct);
        await tiktok.RecommendCategoryAsync(reference, new TikTokCategoryRecommendRequest { ProductTitle = "Stoneware mug", Description = "<p>Big</p>", CategoryVersion = "v1" }, ct);
        await tiktok.GetCategoryRulesAsync(reference, SimListingCatalog.Mugs, "v1", ct);
        await tiktok.GetAttributesAsync(reference, SimListingCatalog.Mugs, "v1", ct);
        await tiktok.GetBrandsAsync(reference, "Acme", null, null, new TikTokPageRequest(PageSize: 10), ct);
        var image = await tiktok.UploadImageAsync(reference, SampleImages.Png(800, 800), "mug.png", TikTokImageUseCases.MainImage, ct);
        var warehouse = shop.Warehouses.First(w => w.IsDefault).Id;
        var created = await tiktok.CreateProductAsync(reference, new TikTokProductCreate
        {
            SaveMode = "LISTING", Title = "Stoneware mug", Description = "<p>Big</p>", CategoryId = SimListingCatalog.Mugs, CategoryVersion = "v1",
            BrandId = "7082427311584347906", MainImages = [new TikTokImageRef { Uri = image.Uri }], IdempotencyKey = "conformance-" + Guid.NewGuid().ToString("N"),
            PackageWeight = new TikTokPackageWeight { Value = "0.35", Unit = "KILOGRAM" },
            PackageDimensions = new TikTokPackageDimensions { Length = "10", Width = "9", Height = "10", Unit = "CENTIMETER" },
            ProductAttributes = [new TikTokProductAttributeWrite { Id = SimListingCatalog.MaterialAttribute, Values = [new TikTokAttributeValueWrite { Id = "1003921" }] }],
            ExternalProductId = "MUG-1",
            Skus =
            [
                new TikTokSkuWrite
                {
                    SellerSku = "MUG-1-RED", ExternalSkuId = "MUG-1-RED", Price = new TikTokPriceWrite { Amount = 11.99m, Currency = "GBP" },
                    Inventory = [new TikTokInventoryWrite { WarehouseId = warehouse }],
                    SalesAttributes = [new TikTokSalesAttributeWrite { Id = SimListingCatalog.ColourAttribute, ValueId = "1000001", SkuImg = new TikTokImageRef { Uri = image.Uri } }],
                },
                new TikTokSkuWrite
                {
                    SellerSku = "MUG-1-PINK", Price = new TikTokPriceWrite { Amount = 11.99m, Currency = "GBP" }, Inventory = [new TikTokInventoryWrite { WarehouseId = warehouse, Quantity = 5 }],
                    SalesAttributes = [new TikTokSalesAttributeWrite { Id = SimListingCatalog.ColourAttribute, ValueName = "Pink" }],
                },
            ],
        }, ct);
        Sim.State.AuditProduct(shop.Id, created.ProductId, approve: true);
        await tiktok.PartialEditProductAsync(reference, created.ProductId, new TikTokProductPartialEdit
        {
            Title = "Stoneware mug, large", MainImages = [new TikTokImageRef { Uri = image.Uri }], PackageWeight = new TikTokPackageWeight { Value = "0.4", Unit = "KILOGRAM" },
            ProductAttributes = [new TikTokProductAttributeWrite { Id = SimListingCatalog.MaterialAttribute, Values = [new TikTokAttributeValueWrite { Id = "1003922" }] }],
        }, ct);
        await tiktok.UpdatePricesAsync(reference, created.ProductId, [new TikTokSkuPrice { Id = created.Skus[0].Id, Price = new TikTokPriceWrite { Amount = 12.99m, Currency = "GBP" } }], ct);
        await tiktok.DeactivateProductsAsync(reference, [created.ProductId], ct);
        await tiktok.ActivateProductsAsync(reference, [created.ProductId], ct);
        await tiktok.CheckPrerequisitesAsync(reference, ct);
        var read = await tiktok.GetListedProductAsync(reference, created.ProductId, ct);
        await tiktok.DeleteProductsAsync(reference, [created.ProductId, "1729000000000000000"], ct);

        Assert.That(read.Skus.Select(s => s.Price!.SalePrice), Is.EqualTo(new decimal?[] { 12.99m, 11.99m }));
        var exchanges = log.All;
        Assert.That(exchanges, Has.Count.EqualTo(SpecFiles.Length));
        var problems = new List<string>();
        foreach (var exchange in exchanges)
        {
            var request = exchange.Request;
            var spec = SpecOf(request.Method, request.Path);
            if (spec is null)
            {
                problems.Add($"{request.Method} {request.Path}: not in TikTok's reference");
                continue;
            }

            if (request.Headers.GetValueOrDefault("Content-Type")?.StartsWith("multipart/form-data", StringComparison.Ordinal) == true)
            {
                // An upload: its form fields are the documented body fields (the body is not JSON), and its query is checked without it.
                var fields = System.Text.RegularExpressions.Regex.Matches(request.Body ?? "", ";\\s*name=\"?([A-Za-z_]+)").Select(m => m.Groups[1].Value).Distinct().ToList();
                problems.AddRange(fields.Where(f => spec.BodyParams.All(b => b.Name != f)).Select(f => $"{spec.RelativeFile}: form field {f} is not documented"));
                problems.AddRange(spec.BodyParams.Where(b => b.Required && !fields.Contains(b.Name)).Select(b => $"{spec.RelativeFile}: required form field {b.Name} is not sent"));
                request = request with { Body = null };
                problems.AddRange(ReferenceConformance.RequestProblems(spec, request).Where(p => !p.Contains("body", StringComparison.Ordinal)).Select(p => $"{spec.RelativeFile} request: {p}"));
            }
            else
            {
                problems.AddRange(ReferenceConformance.RequestProblems(spec, request).Select(p => $"{spec.RelativeFile} request: {p}"));
            }

            problems.AddRange(ReferenceConformance.ResponseProblems(spec, exchange.ResponseJson).Select(p => $"{spec.RelativeFile} simulator answer: {p}"));
            Assert.That(exchange.ResponseBody, Does.Contain("\"code\":0"), $"{spec.RelativeFile}: {exchange.ResponseBody}");
        }

        Assert.That(exchanges.Select(e => SpecOf(e.Request.Method, e.Request.Path)?.RelativeFile), Is.EquivalentTo(SpecFiles.Select(f => "api-reference/" + f)), "every endpoint was exercised");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task The_client_reads_tiktoks_own_example_answers()
    {
        var (services, _, _, reference) = Client(log: null, examples: true);
        await using var _ = services;
        var tiktok = services.GetRequiredService<ITikTokListingClient>();
        var ct = CancellationToken.None;

        var categories = await tiktok.GetCategoriesAsync(reference, "v1", ct);
        var recommended = await tiktok.RecommendCategoryAsync(reference, new TikTokCategoryRecommendRequest { ProductTitle = "Socks" }, ct);
        var rules = await tiktok.GetCategoryRulesAsync(reference, "600001", "v1", ct);
        var attributes = await tiktok.GetAttributesAsync(reference, "600001", "v1", ct);
        var brands = await tiktok.GetBrandsAsync(reference, null, null, null, new TikTokPageRequest(), ct);
        var image = await tiktok.UploadImageAsync(reference, [1, 2, 3], "x.png", TikTokImageUseCases.MainImage, ct);
        var created = await tiktok.CreateProductAsync(reference, new TikTokProductCreate { Title = "x" }, ct);
        var edited = await tiktok.PartialEditProductAsync(reference, "1", new TikTokProductPartialEdit { Title = "x" }, ct);
        await tiktok.UpdatePricesAsync(reference, "1", [], ct);
        var activated = await tiktok.ActivateProductsAsync(reference, ["1"], ct);
        var deactivated = await tiktok.DeactivateProductsAsync(reference, ["1"], ct);
        var deleted = await tiktok.DeleteProductsAsync(reference, ["1"], ct);
        var prerequisites = await tiktok.CheckPrerequisitesAsync(reference, ct);
        var product = await tiktok.GetListedProductAsync(reference, "1729592969712207008", ct);

        Assert.That((categories[0].Id, categories[0].IsLeaf, categories[0].PermissionStatuses[0]), Is.EqualTo(("600002", false, "INVITE_ONLY")));
        Assert.That(recommended.LeafCategoryId, Is.EqualTo("605254"));
        Assert.That((rules.ProductCertifications[0].Name, rules.PackageDimension!.IsRequired, rules.SizeChart!.IsRequired), Is.EqualTo(("SNI Certificate", true, true)));
        Assert.That((attributes[0].Name, attributes[0].IsRequired, attributes[0].Values[0].Name, attributes[0].IsCustomizable), Is.EqualTo(("Occasion", false, "Birthday", true)));
        Assert.That((brands.Brands[0].Name, brands.NextPageToken), Is.EqualTo(("Teas", "b2Zmc2V0PTAK")));
        Assert.That((image.Uri, image.Width), Is.EqualTo(("tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe", 720)));
        Assert.That((created.ProductId, created.Skus[0].Id, created.Skus[0].SellerSku), Is.EqualTo(("1729592969712207008", "1729592969712207012", "Color-Red-XM001")));
        Assert.That(created.Warnings[0].Message, Does.Contain("[brand_id]:123"));
        Assert.That(edited.Audit!.Status, Is.EqualTo("AUDITING"));
        Assert.That((activated.Errors[0].Code, activated.Errors[0].Detail!.ProductId, activated.Errors[0].Detail!.ExtraErrors[0].Code), Is.EqualTo((12052990L, "1729382588639839583", 12052048L)));
        Assert.That((deactivated.Errors[0].Code, deleted.Errors[0].Detail!.ProductId), Is.EqualTo((12052048L, "1729382588639839583")));
        Assert.That((prerequisites.CheckResults[0].CheckItem, prerequisites.CheckResults[0].IsFailed), Is.EqualTo(("RETURN_WAREHOUSE", true)));
        Assert.That(product.Id, Is.EqualTo("1729592969712207008"));
        Assert.That(product.Status, Is.Not.Empty);
        Assert.That(product.Skus, Is.Not.Empty);
    }

    [Test]
    public void Every_endpoint_of_the_listing_client_is_in_the_reference_at_the_version_it_calls()
    {
        var paths = new[]
        {
            (HttpMethod.Get, "/product/202309/categories"), (HttpMethod.Post, "/product/202309/categories/recommend"), (HttpMethod.Get, "/product/202309/categories/1/rules"),
            (HttpMethod.Get, "/product/202309/categories/1/attributes"), (HttpMethod.Get, "/product/202309/brands"), (HttpMethod.Post, "/product/202309/images/upload"),
            (HttpMethod.Post, "/product/202309/products"), (HttpMethod.Post, "/product/202509/products/1/partial_edit"), (HttpMethod.Post, "/product/202309/products/1/prices/update"),
            (HttpMethod.Post, "/product/202309/products/activate"), (HttpMethod.Post, "/product/202309/products/deactivate"), (HttpMethod.Delete, "/product/202309/products"),
            (HttpMethod.Get, "/product/202312/prerequisites"), (HttpMethod.Get, "/product/202309/products/1"),
        };

        Assert.That(paths.Where(p => SpecOf(p.Item1, p.Item2) is null), Is.Empty);
    }
    [Test]
    public async Task A_create_sent_again_with_its_idempotency_key_makes_no_second_product()
    {
        var (services, _, shop, reference) = Client(log: null);
        await using var _ = services;
        var tiktok = services.GetRequiredService<ITikTokListingClient>();
        var image = await tiktok.UploadImageAsync(reference, SampleImages.Png(600, 600), "a.png", TikTokImageUseCases.MainImage, CancellationToken.None);
        var body = new TikTokProductCreate
        {
            Title = "Teapot", Description = "<p>Pot</p>", CategoryId = SimListingCatalog.Teapots, CategoryVersion = "v1", MainImages = [new TikTokImageRef { Uri = image.Uri }],
            PackageWeight = new TikTokPackageWeight { Value = "1", Unit = "KILOGRAM" }, IdempotencyKey = "same-key-" + Guid.NewGuid().ToString("N"),
            Skus = [new TikTokSkuWrite { SellerSku = "POT-1", Price = new TikTokPriceWrite { Amount = 20m, Currency = "GBP" }, Inventory = [new TikTokInventoryWrite { WarehouseId = shop.Warehouses[0].Id }] }],
        };

        var first = await tiktok.CreateProductAsync(reference, body, CancellationToken.None);
        var again = await tiktok.CreateProductAsync(reference, body, CancellationToken.None);

        Assert.That(again.ProductId, Is.EqualTo(first.ProductId));
        Assert.That(Sim.State.Shop(shop.Id).Products.Count, Is.EqualTo(1));
        Assert.That(Sim.State.CreatesToday(shop.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task Tiktoks_refusal_keeps_its_code_message_and_request_id()
    {
        var (services, _, _, reference) = Client(log: null);
        await using var _ = services;
        var tiktok = services.GetRequiredService<ITikTokListingClient>();

        var error = (await Assert.ThrowsAsync<TikTokException>(() => tiktok.GetCategoryRulesAsync(reference, "600001", "v1", CancellationToken.None)))!;

        Assert.That((error.Code, error.Kind), Is.EqualTo((12052024L, TikTokErrorKind.InvalidRequest)));
        Assert.That(error.Message, Does.Contain("Category is not final category"));
        Assert.That(error.RequestId, Is.Not.Empty);
    }
}
