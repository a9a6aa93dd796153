using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Connector.IntegrationTests.TikTok;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.IntegrationTests.Labels;

/// <summary>
/// The TikTok Shipping calls against TikTok's published reference: every path and method exists, every parameter the
/// client sends is documented with a compatible type and every required one is sent, the client reads TikTok's own
/// example answers, and the simulator answers only fields the reference documents.
/// </summary>
public sealed class TikTokShippingConformanceTests
{
    private static TikTokSimulatorServer Sim => TikTokSimulatorSetup.Server;

    private sealed record Exchange(HttpMethod Method, string Path, Dictionary<string, string> Query, string? Body, string Answer);

    /// <summary>Records every call of the package client and TikTok's (the simulator's) answer.</summary>
    private sealed class Recorder : DelegatingHandler
    {
        public ConcurrentQueue<Exchange> Calls { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            Calls.Enqueue(new Exchange(request.Method, request.RequestUri.AbsolutePath, query.AllKeys.OfType<string>().ToDictionary(k => k, k => query[k]!), body,
                Encoding.UTF8.GetString(bytes)));
            var copy = new HttpResponseMessage(response.StatusCode) { Content = new ByteArrayContent(bytes) };
            foreach (var header in response.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Dispose();
            return copy;
        }
    }

    /// <summary>Answers every Open API call with the reference's example response of its endpoint.</summary>
    private sealed class ReferenceExamples : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var spec = TikTokReference.Find(request.Method, request.RequestUri!.AbsolutePath)
                       ?? throw new AssertionException($"{request.Method} {request.RequestUri.AbsolutePath} is not in TikTok's reference");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(spec.ExampleResponse!, Encoding.UTF8, "application/json") });
        }
    }

    private static (ServiceProvider Services, ITikTokShopClient Client) Client(HttpMessageHandler? primary, DelegatingHandler? recorder, SimApp? app = null)
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddTikTokShop(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikTok:AppKey"] = app?.AppKey ?? "reference-app", ["TikTok:AppSecret"] = app?.AppSecret ?? "reference-secret", ["TikTok:ServiceId"] = "svc",
            ["TikTok:OpenApiBaseUrl"] = Sim.BaseUri.ToString(), ["TikTok:AuthBaseUrl"] = Sim.BaseUri.ToString(), ["TikTok:MaxRetries"] = "1", ["TikTok:RetryBaseDelay"] = "00:00:00.010",
        }).Build());
        var http = collection.AddHttpClient<ITikTokShopClient, TikTokShopClient>();
        if (primary is not null)
        {
            http.ConfigurePrimaryHttpMessageHandler(() => primary);
        }

        if (recorder is not null)
        {
            http.AddHttpMessageHandler(() => recorder);
        }

        collection.AddSingleton<InMemoryTokenProvider>();
        collection.AddSingleton<ITikTokTokenProvider>(sp => sp.GetRequiredService<InMemoryTokenProvider>());
        var services = collection.BuildServiceProvider();
        return (services, services.GetRequiredService<ITikTokShopClient>());
    }

    [Test]
    public async Task The_client_reads_TikToks_example_answers_of_every_TikTok_Shipping_endpoint()
    {
        var (services, client) = Client(new ReferenceExamples(), null);
        await using var owned = services;
        services.GetRequiredService<InMemoryTokenProvider>().Store("shop", new TokenGrant("token", DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(), "r", 0, "o", "n", "US", 0, []));
        var shop = new TikTokShopRef("shop", "cipher");

        var services1 = await client.GetEligibleShippingServicesAsync(shop, "28823355942588", new TikTokShippingServiceQuery(), CancellationToken.None);
        var created = await client.CreatePackageAsync(shop, new TikTokCreatePackageRequest { OrderId = "2882335594258860015" }, CancellationToken.None);
        var slots = await client.GetHandoverTimeSlotsAsync(shop, "p1", CancellationToken.None);
        await client.ShipPackageAsync(shop, "p1", new TikTokPackageShipment { HandoverMethod = "DROP_OFF" }, CancellationToken.None);
        var document = await client.GetShippingDocumentAsync(shop, "p1", new TikTokDocumentRequest(TikTokDocumentTypes.ShippingLabel), CancellationToken.None);
        var detail = await client.GetPackageDetailAsync(shop, "5433567853345", CancellationToken.None);
        var split = await client.SplitOrderAsync(shop, "o1", [new TikTokSplittableGroup { Id = "123", OrderLineItemIds = ["1"] }], CancellationToken.None);
        var combinable = await client.SearchCombinablePackagesAsync(shop, 50, null, CancellationToken.None);
        var combined = await client.CombinePackagesAsync(shop, [new TikTokCombinablePackage { Id = "12321313133", OrderIds = ["1", "2"] }], CancellationToken.None);

        var service = services1.ShippingServices.Single();
        Assert.That((service.Id, service.Name, service.Price, service.Currency, service.ShippingProviderId, service.ShippingProviderName),
            Is.EqualTo(("288233559123860015", "UPS-first class", 5m, "USD", "288233559123860012", "UPS")));
        Assert.That((service.EarliestDeliveryDays, service.LatestDeliveryDays, service.IsDefault), Is.EqualTo((3, 5, false)));
        Assert.That(created.PackageId, Is.EqualTo("2882335594258860015"));
        Assert.That(created.ShippingServiceInfo!.ShippingProviderName, Is.EqualTo("UPS"));
        Assert.That(created.Weight!.Value, Is.EqualTo(1.2m));
        Assert.That(slots.CanPickup && slots.CanDropOff && slots.PickupSlots.Single().Available, Is.True);
        Assert.That(document.DocUrl, Does.StartWith("https://"));
        Assert.That(document.TrackingNumber, Is.EqualTo("752455325694"));
        Assert.That((detail.PackageStatus, detail.TrackingNumber, detail.ShippingProviderName, detail.HandoverMethod), Is.EqualTo(("PROCESSING", "6617675021119438849", "TT Virtual express", "PICKUP")));
        Assert.That(detail.OrderLineItemIds, Is.EqualTo(new[] { "1729382476852921560" }));
        Assert.That(detail.Orders.Single().Id, Is.EqualTo("54335448533296"));
        Assert.That(split.Single(), Is.EqualTo(new TikTokSplitPackage { SplittableGroupId = "123", Id = "223362377512830222" }));
        Assert.That(combinable.CombinablePackages.Single().OrderIds, Has.Count.EqualTo(2));
        Assert.That(combinable.NextPageToken, Is.Not.Empty);
        Assert.That(combined.Packages.Single().Id, Is.EqualTo("413234134123412"));
        Assert.That(combined.Errors.Single().Code, Is.EqualTo(10007014));
        Assert.That(combined.Errors.Single().Detail!.PackageId, Is.EqualTo("1231231231231313123132"));
    }

    [Test]
    public async Task Every_call_and_every_simulator_answer_of_the_label_flows_conforms_to_the_reference()
    {
        var app = Sim.State.CreateApp();
        var seller = Sim.State.CreateSeller(region: "US");
        var us = seller.Shops[0];
        var gb = Sim.State.AddShop(seller.OpenId, "GB shop", "GB");
        var recorder = new Recorder();
        var (services, client) = Client(null, recorder, app);
        await using var owned = services;
        var tokens = services.GetRequiredService<InMemoryTokenProvider>();
        var grant = Sim.State.Authorize(app.AppKey, seller.OpenId);
        tokens.Store(us.Id, grant);
        tokens.Store(gb.Id, grant);
        var usShop = new TikTokShopRef(us.Id, us.Cipher);
        var gbShop = new TikTokShopRef(gb.Id, gb.Cipher);

        // US: services, create (buys the label), slots, document, detail.
        var usOrder = Sim.State.GenerateOrders(us.Id, 1, seed: 1, status: "AWAITING_SHIPMENT")[0];
        Sim.State.UseTikTokShipping(us.Id, usOrder.Id);
        var parcel = new TikTokShippingServiceQuery
        {
            OrderLineItemIds = [usOrder.LineItems[0].Id], Weight = new TikTokWeight { Value = 1.5m, Unit = TikTokUnits.Pound },
            Dimension = new TikTokDimension { Length = 10, Width = 8, Height = 4, Unit = TikTokUnits.Inch },
        };
        var offered = await client.GetEligibleShippingServicesAsync(usShop, usOrder.Id, parcel, CancellationToken.None);
        var package = await client.CreatePackageAsync(usShop, new TikTokCreatePackageRequest
        {
            OrderId = usOrder.Id, OrderLineItemIds = parcel.OrderLineItemIds, ShippingServiceId = offered.ShippingServices[0].Id, Weight = parcel.Weight, Dimension = parcel.Dimension,
        }, CancellationToken.None);
        await client.GetHandoverTimeSlotsAsync(usShop, package.PackageId, CancellationToken.None);
        var document = await client.GetShippingDocumentAsync(usShop, package.PackageId, new TikTokDocumentRequest(TikTokDocumentTypes.ShippingLabel, "A6", "PDF"), CancellationToken.None);
        await client.GetPackageDetailAsync(usShop, package.PackageId, CancellationToken.None);
        var pdf = await services.GetRequiredService<ITikTokDocuments>().DownloadAsync(new Uri(document.DocUrl), CancellationToken.None);
        Assert.That(Connector.Testing.PdfCheck.Problem(pdf), Is.Null);

        // GB: split, slots, ship (pickup), combinable, combine, ship (drop-off), document.
        var gbOrders = Sim.State.GenerateOrders(gb.Id, 3, seed: 2, status: "AWAITING_SHIPMENT");
        Sim.State.Locked(() => gbOrders[2].RecipientAddress = gbOrders[1].RecipientAddress);
        foreach (var o in gbOrders)
        {
            Sim.State.UseTikTokShipping(gb.Id, o.Id);
        }

        var multi = gbOrders[0].LineItems.Count > 1 ? gbOrders[0] : throw new InconclusiveException("seed 2 makes a one-unit order");
        var split = await client.SplitOrderAsync(gbShop, multi.Id, [new TikTokSplittableGroup { Id = "g1", OrderLineItemIds = [multi.LineItems[0].Id] }], CancellationToken.None);
        var slots = await client.GetHandoverTimeSlotsAsync(gbShop, split[0].Id, CancellationToken.None);
        var slot = slots.PickupSlots.First(s => s.Available);
        await client.ShipPackageAsync(gbShop, split[0].Id, new TikTokPackageShipment { HandoverMethod = "PICKUP", PickupSlot = new TikTokSlot { StartTime = slot.StartTime, EndTime = slot.EndTime } },
            CancellationToken.None);
        var combinable = await client.SearchCombinablePackagesAsync(gbShop, 50, null, CancellationToken.None);
        var group = combinable.CombinablePackages.Single();
        var combined = await client.CombinePackagesAsync(gbShop, [group], CancellationToken.None);
        await client.ShipPackageAsync(gbShop, combined.Packages[0].Id, new TikTokPackageShipment { HandoverMethod = "DROP_OFF" }, CancellationToken.None);
        await client.GetShippingDocumentAsync(gbShop, combined.Packages[0].Id, new TikTokDocumentRequest(TikTokDocumentTypes.PackingSlip, "A5"), CancellationToken.None);
        await client.GetPackageDetailAsync(gbShop, combined.Packages[0].Id, CancellationToken.None);

        var problems = new List<string>();
        var covered = new HashSet<string>();
        foreach (var call in recorder.Calls.Where(c => !c.Path.StartsWith("/_sim/", StringComparison.Ordinal)))
        {
            var spec = TikTokReference.Find(call.Method, call.Path);
            if (spec is null)
            {
                problems.Add($"{call.Method} {call.Path}: not in TikTok's reference");
                continue;
            }

            covered.Add(spec.File);
            foreach (var (name, value) in call.Query)
            {
                if (!spec.Query.TryGetValue(name, out var documented))
                {
                    problems.Add($"{spec.File}: query {name} is not documented");
                }
                else if (documented.Type == "int" && !long.TryParse(value, out var _))
                {
                    problems.Add($"{spec.File}: query {name}={value} is not an int");
                }
            }

            problems.AddRange(spec.Query.Values.Where(p => p.Required && !call.Query.ContainsKey(p.Name)).Select(p => $"{spec.File}: required query {p.Name} not sent"));
            if (call.Body is { Length: > 0 } body)
            {
                using var sent = JsonDocument.Parse(body);
                var paths = TikTokReference.Paths(sent.RootElement).ToList();
                foreach (var (path, value) in paths)
                {
                    if (!spec.Body.TryGetValue(path, out var documented))
                    {
                        problems.Add($"{spec.File}: body field {path} is not documented");
                    }
                    else if (!TikTokReference.Fits(value, documented.Type))
                    {
                        problems.Add($"{spec.File}: body field {path} is {value.ValueKind}, documented {documented.Type}");
                    }
                }

                var sentPaths = paths.Select(p => p.Path).ToHashSet();
                problems.AddRange(spec.Body.Values
                    .Where(p => p.Required && !sentPaths.Contains(p.Name) && (p.Name.LastIndexOf('.') is var dot && (dot < 0 || sentPaths.Contains(p.Name[..dot].TrimEnd(']').TrimEnd('[')))))
                    .Select(p => $"{spec.File}: required body field {p.Name} not sent"));
            }

            using var answer = JsonDocument.Parse(call.Answer);
            problems.AddRange(TikTokReference.Paths(answer.RootElement).Select(p => p.Path).Distinct()
                .Where(path => !spec.ResponseFields.Contains(path))
                .Select(path => $"{spec.File}: the simulator answers {path}, which the reference does not document"));
        }

        Assert.That(problems, Is.Empty);
        Assert.That(covered, Is.SupersetOf(new[]
        {
            "get-eligible-shipping-service.spec.json", "create-packages.spec.json", "get-package-handover-time-slots.spec.json", "ship-package.spec.json",
            "get-package-shipping-document.spec.json", "get-package-detail.spec.json", "split-orders.spec.json", "search-combinable-packages.spec.json", "combine-package.spec.json",
        }));
    }
}
