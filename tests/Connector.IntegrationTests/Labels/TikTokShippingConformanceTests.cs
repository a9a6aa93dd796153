using System.Net;
using Connector.IntegrationTests.TikTok;
using Connector.Testing;
using Connector.Testing.TikTokReference;
using Connector.TikTok.Api;
using TikTokSimulator;

namespace Connector.IntegrationTests.Labels;

/// <summary>
/// The TikTok Shipping calls against TikTok's published reference: every path and method exists, every parameter the
/// client sends is documented with a compatible type and every required one is sent, the client reads TikTok's own
/// example answers, and the simulator answers only fields the reference documents.
/// </summary>
public sealed class TikTokShippingConformanceTests
{
    private static TikTokSimulatorServer Sim => TikTokTestShop.Sim;

    private static readonly string[] LabelEndpoints =
    [
        "get-eligible-shipping-service.spec.json", "create-packages.spec.json", "get-package-handover-time-slots.spec.json", "ship-package.spec.json",
        "get-package-shipping-document.spec.json", "get-package-detail.spec.json", "split-orders.spec.json", "search-combinable-packages.spec.json",
        "combine-package.spec.json",
    ];

    [Test]
    public async Task The_client_reads_TikToks_example_answers_of_every_TikTok_Shipping_endpoint()
    {
        await using var reference = ReferenceClient.Create();
        var (client, shop, ct) = (reference.Client, reference.Shop, CancellationToken.None);

        var offered = await client.GetEligibleShippingServicesAsync(shop, "28823355942588", new TikTokShippingServiceQuery(), ct);
        var created = await client.CreatePackageAsync(shop, new TikTokCreatePackageRequest { OrderId = "2882335594258860015" }, ct);
        var slots = await client.GetHandoverTimeSlotsAsync(shop, "p1", ct);
        await client.ShipPackageAsync(shop, "p1", new TikTokPackageShipment { HandoverMethod = "DROP_OFF" }, ct);
        var document = await client.GetShippingDocumentAsync(shop, "p1", new TikTokDocumentRequest(TikTokDocumentTypes.ShippingLabel), ct);
        var detail = await client.GetPackageDetailAsync(shop, "5433567853345", ct);
        var split = await client.SplitOrderAsync(shop, "o1", [new TikTokSplittableGroup { Id = "123", OrderLineItemIds = ["1"] }], ct);
        var combinable = await client.SearchCombinablePackagesAsync(shop, 50, null, ct);
        var combined = await client.CombinePackagesAsync(shop, [new TikTokCombinablePackage { Id = "12321313133", OrderIds = ["1", "2"] }], ct);

        var service = offered.ShippingServices.Single();
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

        var problems = reference.Responder.Calls.SelectMany(c => c.Endpoint is null
            ? [$"{c.Request.Method} {c.Request.Path}: not in TikTok's reference"]
            : ReferenceConformance.RequestProblems(c.Endpoint, c.Request).Select(p => $"{c.Endpoint} (request): {p}")).ToList();
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public async Task Every_call_and_every_simulator_answer_of_the_label_flows_conforms_to_the_reference()
    {
        var log = new ExchangeLog();
        await using var usWorld = await TikTokTestShop.CreateAsync(exchanges: log, region: "US");
        await using var gbWorld = await TikTokTestShop.CreateAsync(exchanges: log, region: "GB");
        var (us, gb, ct) = (usWorld.Shop, gbWorld.Shop, CancellationToken.None);

        // US: services, create (buys the label), slots, document, detail.
        var usOrder = Sim.State.GenerateOrders(us.ShopId, 1, seed: 1, status: "AWAITING_SHIPMENT", orderOptions: new SimOrderOptions(ShippingType: "TIKTOK"))[0];
        var parcel = new TikTokShippingServiceQuery
        {
            OrderLineItemIds = [usOrder.LineItems[0].Id], Weight = new TikTokWeight { Value = 1.5m, Unit = TikTokUnits.Pound },
            Dimension = new TikTokDimension { Length = 10, Width = 8, Height = 4, Unit = TikTokUnits.Inch },
        };
        var offered = await usWorld.Client.GetEligibleShippingServicesAsync(us, usOrder.Id, parcel, ct);
        var package = await usWorld.Client.CreatePackageAsync(us, new TikTokCreatePackageRequest
        {
            OrderId = usOrder.Id, OrderLineItemIds = parcel.OrderLineItemIds, ShippingServiceId = offered.ShippingServices[0].Id, Weight = parcel.Weight, Dimension = parcel.Dimension,
        }, ct);
        await usWorld.Client.GetHandoverTimeSlotsAsync(us, package.PackageId, ct);
        var document = await usWorld.Client.GetShippingDocumentAsync(us, package.PackageId, new TikTokDocumentRequest(TikTokDocumentTypes.ShippingLabel, "A6", "PDF"), ct);
        await usWorld.Client.GetPackageDetailAsync(us, package.PackageId, ct);
        Assert.That(PdfCheck.Problem(await usWorld.Documents.DownloadAsync(new Uri(document.DocUrl), ct)), Is.Null);

        // GB: split, slots, ship (pickup), combinable, combine, ship (drop-off), document, detail.
        var gbOrders = Sim.State.GenerateOrders(gb.ShopId, 3, seed: 2, status: "AWAITING_SHIPMENT", orderOptions: new SimOrderOptions(ShippingType: "TIKTOK"));
        var multi = gbOrders.FirstOrDefault(o => o.LineItems.Count > 1) ?? throw new InconclusiveException("seed 2 makes no order of several units");
        var others = gbOrders.Where(o => o != multi).ToList();
        Sim.State.Locked(() => others[1].RecipientAddress = others[0].RecipientAddress);
        var split = await gbWorld.Client.SplitOrderAsync(gb, multi.Id, [new TikTokSplittableGroup { Id = "g1", OrderLineItemIds = [multi.LineItems[0].Id] }], ct);
        var slots = await gbWorld.Client.GetHandoverTimeSlotsAsync(gb, split[0].Id, ct);
        var slot = slots.PickupSlots.First(s => s.Available);
        await gbWorld.Client.ShipPackageAsync(gb, split[0].Id, new TikTokPackageShipment { HandoverMethod = "PICKUP", PickupSlot = new TikTokSlot { StartTime = slot.StartTime, EndTime = slot.EndTime } }, ct);
        var group = (await gbWorld.Client.SearchCombinablePackagesAsync(gb, 50, null, ct)).CombinablePackages.Single();
        var combined = await gbWorld.Client.CombinePackagesAsync(gb, [group], ct);
        await gbWorld.Client.ShipPackageAsync(gb, combined.Packages[0].Id, new TikTokPackageShipment { HandoverMethod = "DROP_OFF" }, ct);
        await gbWorld.Client.GetShippingDocumentAsync(gb, combined.Packages[0].Id, new TikTokDocumentRequest(TikTokDocumentTypes.PackingSlip, "A5"), ct);
        await gbWorld.Client.GetPackageDetailAsync(gb, combined.Packages[0].Id, ct);

        var problems = new List<string>();
        var covered = new HashSet<string>();
        foreach (var exchange in log.All)
        {
            var endpoint = TikTokReference.Default.TryEndpoint(exchange.Request.Method, exchange.Request.Path);
            if (endpoint is null)
            {
                problems.Add($"{exchange.Request.Method} {exchange.Request.Path}: not in TikTok's reference");
                continue;
            }

            covered.Add(endpoint.ToString());
            Assert.That(exchange.Status, Is.EqualTo(HttpStatusCode.OK), $"{endpoint}: {exchange.ResponseBody}");
            problems.AddRange(ReferenceConformance.ResponseProblems(endpoint, exchange.ResponseJson).Select(p => $"{endpoint}: {p}"));
            problems.AddRange(ReferenceConformance.RequestProblems(endpoint, exchange.Request).Select(p => $"{endpoint} (request): {p}"));
        }

        Assert.That(problems.Distinct(), Is.Empty, string.Join("\n", problems.Distinct()));
        foreach (var file in LabelEndpoints)
        {
            Assert.That(covered.Any(c => c.Contains(file.Replace(".spec.json", ""), StringComparison.Ordinal)), Is.True, $"{file} not exercised: {string.Join(", ", covered)}");
        }
    }
}
