using Connector.Testing;
using System.Net;
using System.Text.Json;
using Connector.Fulfilment;
using Connector.Orders;
using Connector.Support;
using Connector.TikTok.Api;

namespace Connector.EndToEndTests.Fulfilment;

/// <summary>Shipments over HTTP through the local host: the queue worker pushes them to the simulator.</summary>
public sealed class ShipmentTests
{
    private static TikTokSimulator.TikTokSimulatorServer Sim => FulfilmentWorld.Sim;

    [Test]
    public async Task A_full_shipment_creates_one_package_with_every_line_item_and_the_mapped_provider_and_the_order_becomes_Shipped()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync(minUnits: 2);

        var outcome = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", carrier: "Royal Mail Tracked 48", tracking: "RM100200300GB"));

        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("Shipped"), outcome.ToString());
        var sim = Sim.State.Shop(world.ShopId).Orders[order.Id];
        Assert.That(sim.Status, Is.EqualTo(TikTokOrderStatus.InTransit));
        Assert.That(sim.LineItems.Select(l => l.PackageId).Distinct().ToList(), Is.EqualTo(new[] { outcome.GetProperty("packageId").GetString() }));
        Assert.That(sim.ShippingProviderId, Is.EqualTo(world.Provider("Royal Mail").Id));
        Assert.That(sim.TrackingNumber, Is.EqualTo("RM100200300GB"));
        Assert.That(outcome.GetProperty("carrierMatch").GetString(), Is.EqualTo("Mapped"));
        Assert.That(outcome.GetProperty("lineItemIds").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(sim.LineItems.Select(l => l.Id)));
        var stored = await world.StoredAsync(order.Id);
        Assert.That(stored.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(stored.History.Last().State, Is.EqualTo(OrderState.Shipped));
        Assert.That(stored.Lines.All(l => stored.UnshippedUnits(l.Sku) == 0));
        Assert.That(world.Calls(FulfilmentWorld.PackagesPath), Is.EqualTo(1));
    }

    [Test]
    public async Task A_shipment_whose_answer_was_lost_is_Shipped_once_not_refused_when_the_retry_finds_the_order_in_transit()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync(minUnits: 2);
        // TikTok ships the package and the answer never arrives; the client's retry then meets an order IN_TRANSIT.
        Sim.Faults.Add(new TikTokSimulator.FaultRule { AppKey = world.Inner.App.AppKey, Path = FulfilmentWorld.PackagesPath, Kind = TikTokSimulator.FaultKind.AnswerLost, Count = 1 });

        var outcome = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", carrier: "Royal Mail Tracked 48", tracking: "RM100200399GB"));

        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("Shipped"), outcome.ToString());
        var sim = Sim.State.Shop(world.ShopId).Orders[order.Id];
        Assert.That(sim.LineItems.Select(l => l.PackageId).Distinct().ToList(), Is.EqualTo(new[] { outcome.GetProperty("packageId").GetString() }), "one package");
        Assert.That(sim.TrackingNumber, Is.EqualTo("RM100200399GB"));
        Assert.That((await world.StoredAsync(order.Id)).State, Is.EqualTo(OrderState.Shipped));
        Assert.That((await world.Cases.EveryCaseAsync()).Where(c => c.Kind == SupportCaseKind.ShipmentFailed), Is.Empty, "nothing for support to do");
    }

    [Test]
    public async Task A_partial_shipment_ships_only_the_asked_units_and_the_rest_ships_later()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync(minUnits: 2, seed: 5);
        var stored = await world.StoredAsync(order.Id);
        var first = stored.Lines[0];

        var partial = await world.ShipAsync(FulfilmentWorld.Body(order.Id, new[] { new { sku = first.Sku, quantity = 1 } }, carrier: "dpd-uk", tracking: "DPD0001"));

        Assert.That(partial.GetProperty("status").GetString(), Is.EqualTo("Shipped"), partial.ToString());
        var sim = Sim.State.Shop(world.ShopId).Orders[order.Id];
        var packaged = sim.LineItems.Where(l => l.PackageId is not null).ToList();
        Assert.That(packaged, Has.Count.EqualTo(1));
        Assert.That(packaged[0].SellerSku, Is.EqualTo(first.Sku));
        Assert.That(first.LineItemIds, Does.Contain(packaged[0].Id));
        Assert.That(sim.Status, Is.EqualTo(TikTokOrderStatus.PartiallyShipping));
        Assert.That(sim.ShippingProviderId, Is.EqualTo(world.Provider("DPD").Id));
        var afterPartial = await world.StoredAsync(order.Id);
        Assert.That(afterPartial.State, Is.EqualTo(OrderState.ReadyToFulfil));
        Assert.That(afterPartial.ShippedUnits(first.Sku), Is.EqualTo(1));
        Assert.That(afterPartial.UnshippedUnits(first.Sku), Is.EqualTo(first.Quantity - 1));

        var rest = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", carrier: "Royal Mail", tracking: "RM2"));

        Assert.That(rest.GetProperty("status").GetString(), Is.EqualTo("Shipped"), rest.ToString());
        Assert.That(rest.GetProperty("lineItemIds").GetArrayLength(), Is.EqualTo(sim.LineItems.Count - 1));
        Assert.That(sim.LineItems.All(l => l.PackageId is not null));
        Assert.That(sim.Packages, Has.Count.EqualTo(2));
        Assert.That(sim.Status, Is.EqualTo(TikTokOrderStatus.InTransit));
        var done = await world.StoredAsync(order.Id);
        Assert.That(done.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(done.Packages, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task The_same_idempotency_key_returns_the_first_result_and_never_calls_TikTok_again()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        var body = FulfilmentWorld.Body(order.Id, "all", key: "bo-shipment-42");
        var first = await world.ShipAsync(body);

        var again = await world.PostShipmentAsync(body);
        var otherBody = await world.PostShipmentAsync(FulfilmentWorld.Body(order.Id, "all", tracking: "OTHER1", key: "bo-shipment-42"));

        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(again.Body.GetProperty("shipmentId").GetString(), Is.EqualTo(first.GetProperty("shipmentId").GetString()));
        Assert.That(again.Body.GetProperty("status").GetString(), Is.EqualTo("Shipped"));
        Assert.That(again.Body.GetProperty("replayed").GetBoolean(), Is.True);
        Assert.That(again.Location, Does.EndWith("/shipments/" + first.GetProperty("shipmentId").GetString()));
        Assert.That(otherBody.Status, Is.EqualTo(HttpStatusCode.Conflict), otherBody.Body.ToString());
        await Task.Delay(TimeSpan.FromSeconds(3)); // a second message, had one been sent, would be taken by now
        Assert.That(world.Calls(FulfilmentWorld.PackagesPath), Is.EqualTo(1));
        Assert.That(world.Calls(FulfilmentWorld.ShippingInfoPath), Is.Zero);
        Assert.That(await world.ShipmentRowsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_cancellation_on_TikTok_between_request_and_push_fails_the_shipment_with_a_support_case()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        Sim.State.ChangeOrder(world.ShopId, order.Id, TikTokOrderStatus.Cancelled, "Buyer changed their mind"); // the connector has not seen it yet

        var outcome = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all"));

        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("Failed"));
        Assert.That(outcome.GetProperty("error").GetString(), Does.Contain("cancelled").And.Contain(order.Id));
        Assert.That(world.Calls(FulfilmentWorld.PackagesPath), Is.Zero);
        var supportCase = (await world.Cases.EveryCaseAsync()).Single(c => c.Kind == SupportCaseKind.ShipmentFailed);
        Assert.That(supportCase.CaseId, Is.EqualTo(outcome.GetProperty("supportCaseId").GetString()));
        Assert.That(supportCase.ShopId, Is.EqualTo(world.ShopId));
        Assert.That(supportCase.Message, Does.Contain(order.Id));
    }

    [Test]
    public async Task An_unknown_carrier_uses_the_shops_fallback_carrier()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        await world.SetFulfilmentAsync(new FulfilmentSettings { FallbackCarrier = "DPD UK" });
        var order = await world.StoredOrderAsync();

        var outcome = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", carrier: "Pigeon Post Ltd"));

        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("Shipped"), outcome.ToString());
        Assert.That(outcome.GetProperty("carrierMatch").GetString(), Is.EqualTo("Fallback"));
        Assert.That(outcome.GetProperty("shippingProviderId").GetString(), Is.EqualTo(world.Provider("DPD").Id));
        Assert.That(Sim.State.Shop(world.ShopId).Orders[order.Id].ShippingProviderId, Is.EqualTo(world.Provider("DPD").Id));
    }

    [Test]
    public async Task An_unknown_carrier_without_a_fallback_fails_with_a_clear_error_and_a_support_case()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync();

        var outcome = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", carrier: "Pigeon Post Ltd"));

        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("Failed"));
        var error = outcome.GetProperty("error").GetString();
        Assert.That(error, Does.Contain("Pigeon Post Ltd").And.Contain("Royal Mail"));
        Assert.That(error, Does.Contain("ask support").And.Not.Contain("Set the shop's").And.Not.Contain("Fulfilment.FallbackCarrier"),
            "the back office is told what it can do, and that settings are support's");
        Assert.That(world.Calls(FulfilmentWorld.PackagesPath), Is.Zero);
        var failedCase = (await world.Cases.EveryCaseAsync()).Single(c => c.Kind == SupportCaseKind.ShipmentFailed);
        Assert.That(failedCase.Message, Does.Contain($"PATCH /api/admin/shops/{world.ShopId}/settings").And.Contain("carrierAliases"), "support is told where to set it");
        Assert.That((await world.StoredAsync(order.Id)).State, Is.EqualTo(OrderState.ReadyToFulfil));
    }

    [Test]
    public async Task Resending_the_same_units_with_new_tracking_updates_the_tracking_instead_of_creating_a_package()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", tracking: "WRONG1"));

        var update = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", carrier: "DPD", tracking: "RIGHT2"));

        Assert.That(update.GetProperty("status").GetString(), Is.EqualTo("Shipped"), update.ToString());
        Assert.That(update.GetProperty("action").GetString(), Is.EqualTo("UpdateTracking"));
        Assert.That(world.Calls(FulfilmentWorld.PackagesPath), Is.EqualTo(1));
        Assert.That(world.Calls(FulfilmentWorld.ShippingInfoPath), Is.EqualTo(1));
        var sim = Sim.State.Shop(world.ShopId).Orders[order.Id];
        Assert.That(sim.TrackingNumber, Is.EqualTo("RIGHT2"));
        Assert.That(sim.ShippingProviderId, Is.EqualTo(world.Provider("DPD").Id));
        Assert.That((await world.StoredAsync(order.Id)).Packages.Single().TrackingNumber, Is.EqualTo("RIGHT2"));
    }

    [Test]
    public async Task Bad_requests_are_refused_and_change_nothing()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        var stored = await world.StoredAsync(order.Id);
        var cancelled = Sim.State.GenerateOrders(world.ShopId, 1, 99, status: TikTokOrderStatus.Cancelled)[0];
        await world.ImportAsync(cancelled.Id);
        var sku = stored.Lines[0].Sku;

        var unknownOrder = await world.PostShipmentAsync(FulfilmentWorld.Body("576400000000000000", "all"));
        var otherMerchant = await world.PostShipmentAsync(FulfilmentWorld.Body(order.Id, "all"), merchantId: "merchant-2");
        var wrongState = await world.PostShipmentAsync(FulfilmentWorld.Body(cancelled.Id, "all"));
        var tooMany = await world.PostShipmentAsync(FulfilmentWorld.Body(order.Id, new[] { new { sku, quantity = stored.Units(sku) + 1 } }));
        var unknownSku = await world.PostShipmentAsync(FulfilmentWorld.Body(order.Id, new[] { new { sku = "NO-SUCH-SKU", quantity = 1 } }));
        var malformed = await world.PostRawAsync("{\"orderId\": ");
        var missingFields = await world.PostRawAsync(JsonSerializer.Serialize(new { orderId = order.Id, lines = new[] { new { sku, quantity = 0 } } }));
        var noKey = await world.PostShipmentAsync(FulfilmentWorld.Body(order.Id, "all"), withKey: false);
        var unknownShipment = await world.GetShipmentAsync("shp000000000000000000000000");

        Assert.Multiple(() =>
        {
            Assert.That(unknownOrder.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherMerchant.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(wrongState.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(wrongState.Body.GetProperty("detail").GetString(), Does.Contain("cancelled"));
            Assert.That(tooMany.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(tooMany.Body.GetProperty("detail").GetString(), Does.Contain(sku));
            Assert.That(unknownSku.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(malformed.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(missingFields.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(missingFields.Body.GetProperty("errors").EnumerateObject().Select(p => p.Name),
                Is.SupersetOf(new[] { "lines", "carrier", "trackingNumber", "shippedAt", "idempotencyKey" }));
            Assert.That(noKey.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(unknownShipment.Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
        await Task.Delay(TimeSpan.FromSeconds(3)); // a message, had one been sent, would be taken by now
        Assert.That(await world.ShipmentRowsAsync(), Is.Zero);
        Assert.That(world.Calls(FulfilmentWorld.PackagesPath), Is.Zero);
        var after = await world.StoredAsync(order.Id);
        Assert.That((after.State, after.UpdatedAt, after.Packages.Count), Is.EqualTo((stored.State, stored.UpdatedAt, 0)));
        Assert.That((await world.Cases.EveryCaseAsync()).Count(c => c.Kind == SupportCaseKind.ShipmentFailed), Is.Zero);
    }

    [Test]
    public void The_fulfilment_guide_sends_support_to_the_settings_endpoint()
    {
        var guide = File.ReadAllText(Path.Combine(Connector.Testing.TestEnvironment.RepositoryRoot, "docs", "fulfilment.md"));
        Assert.That(guide, Does.Not.Contain("edit a shop's fulfilment settings").And.Not.Contain("support writes them in the shop row"));
        Assert.That(guide, Does.Contain("PATCH /api/admin/shops/{shopId}/settings").And.Contain("\"fulfilment\""));
    }
}
