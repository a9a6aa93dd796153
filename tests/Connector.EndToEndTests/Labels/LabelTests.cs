using System.Net;
using System.Text.Json;
using Connector.Labels;
using Connector.Orders;
using Connector.Support;
using Connector.Testing;
using Connector.TikTok.Api;
using TikTokSimulator;

namespace Connector.EndToEndTests.Labels;

/// <summary>TikTok Shipping labels over HTTP through the local host: the simulator sells them, Azurite's blob service keeps them.</summary>
public sealed class LabelTests
{
    private static TikTokSimulator.TikTokSimulatorServer Sim => LabelsWorld.Sim;

    [Test]
    public async Task A_TikTok_Shipping_order_is_imported_its_label_bought_stored_in_blobs_and_downloaded_by_its_merchant_only()
    {
        await using var world = await LabelsWorld.StartAsync();
        var simOrder = world.TikTokShippingOrder(world.Us, minUnits: 2);
        await world.ActivateAsync(world.Us);
        var imported = await world.StoredAsync(world.Us, simOrder.Id);
        Assert.That(imported.State, Is.EqualTo(OrderState.ReadyToFulfil), imported.StateReason);
        Assert.That(imported.ShippingType, Is.EqualTo("TIKTOK"));
        Assert.That(imported.Deadlines.ShipBy, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(simOrder.RtsSlaTime!.Value)));
        Assert.That(imported.Deadlines.CollectBy, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(simOrder.TtsSlaTime!.Value)));

        var body = LabelsWorld.LabelBody(key: "wms-label-1");
        var (status, answer) = await world.PostLabelAsync(simOrder.Id, body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), answer.ToString());
        var label = answer.GetProperty("label");
        var package = Sim.State.Packages(world.Us.Id).Single();
        Assert.That(label.GetProperty("status").GetString(), Is.EqualTo("Ready"));
        Assert.That(label.GetProperty("flow").GetString(), Is.EqualTo("CreatePackage"));
        Assert.That(label.GetProperty("packageId").GetString(), Is.EqualTo(package.Id));
        Assert.That(label.GetProperty("trackingNumber").GetString(), Is.EqualTo(package.TrackingNumber).And.Not.Empty);
        Assert.That(label.GetProperty("carrier").GetProperty("name").GetString(), Is.EqualTo("USPS"), "the cheapest service for 2.5 lb");
        Assert.That(label.GetProperty("shippingService").GetProperty("choice").GetString(), Is.EqualTo("Cheapest"));
        Assert.That(label.GetProperty("handover").GetProperty("options").GetProperty("canDropOff").GetBoolean(), Is.True);
        Assert.That(label.GetProperty("handover").GetProperty("options").GetProperty("pickupSlots").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(package.WeightValue, Is.EqualTo(2.5m));
        Assert.That(package.WeightUnit, Is.EqualTo("POUND"));

        var labelId = answer.GetProperty("labelId").GetString()!;
        var blobs = await world.BlobsAsync();
        Assert.That(blobs, Does.Contain($"{LabelsWorld.MerchantId}/{labelId}/label.pdf"));
        Assert.That(blobs, Does.Contain($"{LabelsWorld.MerchantId}/{labelId}/packing-slip.pdf"));

        var (downloaded, pdf, contentType) = await world.DownloadAsync(label.GetProperty("labelUrl").GetString()!);
        Assert.That(downloaded, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(contentType, Is.EqualTo("application/pdf"));
        Assert.That(PdfCheck.Problem(pdf), Is.Null);
        Assert.That(PdfCheck.Text(pdf), Does.Contain(package.TrackingNumber));
        var (slipStatus, slip, _) = await world.DownloadAsync(label.GetProperty("packingSlipUrl").GetString()!);
        Assert.That(slipStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(PdfCheck.Text(slip), Does.Contain(simOrder.Id));

        Assert.That((await world.DownloadAsync($"api/merchants/{LabelsWorld.OtherMerchantId}/labels/{labelId}/documents/label")).Status, Is.EqualTo(HttpStatusCode.NotFound),
            "another merchant's path never finds the label");
        Assert.That((await world.GetAsync($"api/merchants/{LabelsWorld.OtherMerchantId}/labels/{labelId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await world.DownloadAsync(label.GetProperty("labelUrl").GetString()!, withKey: false)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));

        var sim = Sim.State.Shop(world.Us.Id).Orders[simOrder.Id];
        Assert.That(sim.Status, Is.EqualTo(TikTokOrderStatus.AwaitingCollection));
        var stored = await world.StoredAsync(world.Us, simOrder.Id);
        Assert.That(stored.TikTokStatus, Is.EqualTo(TikTokOrderStatus.AwaitingCollection), "TikTok's state as TikTok reports it");
        Assert.That(stored.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(stored.Packages.Single().PackageId, Is.EqualTo(package.Id));
        Assert.That(stored.Packages.Single().TrackingNumber, Is.EqualTo(package.TrackingNumber));

        var (again, replay) = await world.PostLabelAsync(simOrder.Id, body);
        Assert.That(again, Is.EqualTo(HttpStatusCode.OK), replay.ToString());
        Assert.That(replay.GetProperty("replayed").GetBoolean(), Is.True);
        Assert.That(replay.GetProperty("labelId").GetString(), Is.EqualTo(labelId));
        Assert.That(replay.GetProperty("label").GetProperty("packageId").GetString(), Is.EqualTo(package.Id));
        Assert.That(world.Calls(LabelsWorld.CreatePackagePath), Is.EqualTo(1), "the same request never buys a second label");

        var (conflict, problem) = await world.PostLabelAsync(simOrder.Id, LabelsWorld.LabelBody(key: "wms-label-1", weight: 3m));
        Assert.That(conflict, Is.EqualTo(HttpStatusCode.Conflict), problem.ToString());
    }

    [Test]
    public async Task Partial_then_full_buys_two_labels_and_no_unit_twice()
    {
        await using var world = await LabelsWorld.StartAsync();
        var order = await world.StoredTikTokShippingOrderAsync(world.Us, minUnits: 2, seed: 5);
        var first = (await world.StoredAsync(world.Us, order.Id)).Lines[0];
        var (quoted, quote) = await world.SendAsync(HttpMethod.Post, $"api/merchants/{LabelsWorld.MerchantId}/orders/{order.Id}/shipping-services",
            new { lines = "all", weight = new { value = 2, unit = "POUND" } });
        Assert.That(quoted, Is.EqualTo(HttpStatusCode.OK), quote.ToString());
        Assert.That(quote.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("carrier").GetProperty("name").GetString()), Is.EquivalentTo(new[] { "USPS", "UPS", "FedEx" }));
        Assert.That(quote.GetProperty("wouldBuy").GetProperty("choice").GetString(), Is.EqualTo("Cheapest"));
        Assert.That(world.Calls(LabelsWorld.CreatePackagePath), Is.Zero, "a quote buys nothing");

        var (partialStatus, partial) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody(lines: new[] { new { sku = first.Sku, quantity = 1 } }, weight: 500m, unit: "GRAM"));

        Assert.That(partialStatus, Is.EqualTo(HttpStatusCode.Created), partial.ToString());
        var sim = Sim.State.Shop(world.Us.Id).Orders[order.Id];
        Assert.That(sim.LineItems.Count(l => l.PackageId is not null), Is.EqualTo(1));
        Assert.That(sim.Status, Is.EqualTo(TikTokOrderStatus.PartiallyShipping));
        var afterPartial = await world.StoredAsync(world.Us, order.Id);
        Assert.That(afterPartial.State, Is.EqualTo(OrderState.ReadyToFulfil));
        Assert.That(afterPartial.UnshippedUnits(first.Sku), Is.EqualTo(first.Quantity - 1));

        var (restStatus, rest) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody(shippingServiceId: "7208502187360519943"));

        Assert.That(restStatus, Is.EqualTo(HttpStatusCode.Created), rest.ToString());
        Assert.That(rest.GetProperty("label").GetProperty("carrier").GetProperty("name").GetString(), Is.EqualTo("UPS"), "the service asked for");
        Assert.That(sim.LineItems.All(l => l.PackageId is not null));
        Assert.That(sim.Packages, Has.Count.EqualTo(2));
        Assert.That(sim.Status, Is.EqualTo(TikTokOrderStatus.AwaitingCollection));
        var done = await world.StoredAsync(world.Us, order.Id);
        Assert.That(done.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(done.Packages.Select(p => p.PackageId), Is.EquivalentTo(sim.Packages.Select(p => p.Id)));

        var (nothing, problem) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody());
        Assert.That(nothing, Is.EqualTo(HttpStatusCode.Conflict), problem.ToString());
        Assert.That(world.Calls(LabelsWorld.CreatePackagePath), Is.EqualTo(2));
    }

    [Test]
    public async Task A_UK_order_is_split_by_TikTok_and_each_package_arranged_with_TikToks_carrier_and_handover()
    {
        await using var world = await LabelsWorld.StartAsync();
        var order = await world.StoredTikTokShippingOrderAsync(world.Gb, minUnits: 2, seed: 7);
        var madeByTikTok = Sim.State.Packages(world.Gb.Id).Single();
        var first = (await world.StoredAsync(world.Gb, order.Id)).Lines[0];

        var (splitStatus, split) = await world.PostLabelAsync(order.Id,
            LabelsWorld.LabelBody(lines: new[] { new { sku = first.Sku, quantity = 1 } }, weight: 0.4m, unit: "KG", handoverMethod: "PICKUP"));

        Assert.That(splitStatus, Is.EqualTo(HttpStatusCode.Created), split.ToString());
        var label = split.GetProperty("label");
        Assert.That(label.GetProperty("flow").GetString(), Is.EqualTo("SplitPackage"));
        Assert.That(label.GetProperty("packageId").GetString(), Is.Not.EqualTo(madeByTikTok.Id));
        Assert.That(label.GetProperty("carrier").GetProperty("name").GetString(), Is.EqualTo("EVRi"));
        Assert.That(label.GetProperty("handover").GetProperty("method").GetString(), Is.EqualTo("PICKUP"));
        Assert.That(label.GetProperty("handover").GetProperty("pickupSlot").ValueKind, Is.EqualTo(JsonValueKind.Object));
        var splitPackage = Sim.State.Package(world.Gb.Id, label.GetProperty("packageId").GetString()!);
        Assert.That(splitPackage.Status, Is.EqualTo("PROCESSING"));
        Assert.That(splitPackage.HandoverMethod, Is.EqualTo("PICKUP"));
        Assert.That(splitPackage.LineItemIds, Has.Count.EqualTo(1));

        var (restStatus, rest) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody());

        Assert.That(restStatus, Is.EqualTo(HttpStatusCode.Created), rest.ToString());
        Assert.That(rest.GetProperty("label").GetProperty("flow").GetString(), Is.EqualTo("ShipPackage"));
        Assert.That(rest.GetProperty("label").GetProperty("packageId").GetString(), Is.EqualTo(madeByTikTok.Id));
        Assert.That(rest.GetProperty("label").GetProperty("handover").GetProperty("method").GetString(), Is.EqualTo("DROP_OFF"), "drop-off where TikTok allows it");
        Assert.That(Sim.State.Shop(world.Gb.Id).Orders[order.Id].Status, Is.EqualTo(TikTokOrderStatus.AwaitingCollection));
        Assert.That((await world.StoredAsync(world.Gb, order.Id)).State, Is.EqualTo(OrderState.Shipped));
        Assert.That(world.Calls(LabelsWorld.CreatePackagePath), Is.Zero, "outside the US TikTok makes the packages");
    }

    [Test]
    public async Task Orders_of_the_same_buyer_are_combined_into_one_parcel_and_never_labelled_again()
    {
        await using var world = await LabelsWorld.StartAsync();
        var orders = Sim.State.GenerateOrders(world.Gb.Id, 2, seed: 21, status: TikTokOrderStatus.AwaitingShipment);
        Sim.State.Locked(() => orders[1].RecipientAddress = orders[0].RecipientAddress);
        foreach (var o in orders)
        {
            Sim.State.UseTikTokShipping(world.Gb.Id, o.Id);
            await world.ImportAsync(world.Gb, o.Id);
        }

        var (status, answer) = await world.PostLabelAsync(orders[0].Id, LabelsWorld.LabelBody(combineWith: [orders[1].Id]));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), answer.ToString());
        var label = answer.GetProperty("label");
        Assert.That(label.GetProperty("flow").GetString(), Is.EqualTo("CombinePackages"));
        var packageId = label.GetProperty("packageId").GetString()!;
        Assert.That(Sim.State.Package(world.Gb.Id, packageId).OrderIds, Is.EquivalentTo(orders.Select(o => o.Id)));
        foreach (var o in orders)
        {
            var stored = await world.StoredAsync(world.Gb, o.Id);
            Assert.That(stored.State, Is.EqualTo(OrderState.Shipped), o.Id);
            Assert.That(stored.Packages.Single().PackageId, Is.EqualTo(packageId));
        }

        var (again, problem) = await world.PostLabelAsync(orders[1].Id, LabelsWorld.LabelBody());
        Assert.That(again, Is.EqualTo(HttpStatusCode.Conflict), problem.ToString());
    }

    [Test]
    public async Task Bad_input_gets_a_problem_naming_it_and_changes_nothing()
    {
        await using var world = await LabelsWorld.StartAsync();
        var tiktok = await world.StoredTikTokShippingOrderAsync(world.Us, seed: 3);
        var seller = Sim.State.GenerateOrders(world.Us.Id, 1, seed: 4, status: TikTokOrderStatus.AwaitingShipment)[0];
        await world.ImportAsync(world.Us, seller.Id);
        var cancelled = world.TikTokShippingOrder(world.Us, seed: 6);
        Sim.State.ChangeOrder(world.Us.Id, cancelled.Id, TikTokOrderStatus.Cancelled, "Out of stock");
        await world.ImportAsync(world.Us, cancelled.Id);

        var (unknown, _) = await world.PostLabelAsync("576400000000000001", LabelsWorld.LabelBody());
        var (otherMerchant, _) = await world.PostLabelAsync(tiktok.Id, LabelsWorld.LabelBody(), merchantId: LabelsWorld.OtherMerchantId);
        var (sellerShipping, sellerProblem) = await world.PostLabelAsync(seller.Id, LabelsWorld.LabelBody());
        var (cancelledStatus, cancelledProblem) = await world.PostLabelAsync(cancelled.Id, LabelsWorld.LabelBody());
        var (noWeight, noWeightProblem) = await world.SendAsync(HttpMethod.Post, $"api/merchants/{LabelsWorld.MerchantId}/orders/{tiktok.Id}/labels",
            new { idempotencyKey = "k1", lines = "all" });
        var (badFields, badProblem) = await world.SendAsync(HttpMethod.Post, $"api/merchants/{LabelsWorld.MerchantId}/orders/{tiktok.Id}/labels",
            new { weight = new { value = 1, unit = "STONE" }, dimensions = new { length = 1, unit = "INCH" }, handoverMethod = "COURIER", labelSize = "A4" });
        var (notJson, _) = await world.SendAsync(HttpMethod.Post, $"api/merchants/{LabelsWorld.MerchantId}/orders/{tiktok.Id}/labels", null, raw: "{not json");
        var (tooMany, tooManyProblem) = await world.PostLabelAsync(tiktok.Id, LabelsWorld.LabelBody(lines: new[] { new { sku = tiktok.LineItems[0].SellerSku, quantity = 99 } }));

        Assert.That(unknown, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(otherMerchant, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(sellerShipping, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(sellerProblem.GetProperty("detail").GetString(), Does.Contain("shipments"));
        Assert.That(cancelledStatus, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(cancelledProblem.GetProperty("detail").GetString(), Does.Contain("cancelled"));
        Assert.That(noWeight, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(noWeightProblem.GetProperty("errors").TryGetProperty("weight", out _), Is.True, noWeightProblem.ToString());
        Assert.That(badFields, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = badProblem.GetProperty("errors");
        Assert.That(new[] { "idempotencyKey", "weight", "dimensions", "handoverMethod", "labelSize" }.All(f => errors.TryGetProperty(f, out _)), Is.True, errors.ToString());
        Assert.That(notJson, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(tooMany, Is.EqualTo(HttpStatusCode.UnprocessableEntity), tooManyProblem.ToString());

        Assert.That(await world.LabelRowsAsync(), Is.Zero, "no label stored");
        Assert.That(await world.BlobsAsync(), Is.Empty, "no document stored");
        Assert.That((await world.StoredAsync(world.Us, tiktok.Id)).Packages, Is.Empty, "no units reserved");
        Assert.That(world.Calls("/fulfillment/202309/orders/{order_id}/shipping_services/query") + world.Calls(LabelsWorld.CreatePackagePath), Is.Zero, "TikTok not called");
    }

    [Test]
    public async Task TikToks_refusal_is_shown_with_its_message_and_request_id_and_the_units_are_free_again()
    {
        await using var world = await LabelsWorld.StartAsync();
        var order = await world.StoredTikTokShippingOrderAsync(world.Us, seed: 8);

        var (status, problem) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody(weight: 200m));

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), problem.ToString());
        Assert.That(problem.GetProperty("tikTokCode").GetInt64(), Is.EqualTo(21011037));
        Assert.That(problem.GetProperty("tikTokRequestId").GetString(), Is.Not.Empty);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no available shipping services"));
        Assert.That(problem.GetProperty("label").GetProperty("status").GetString(), Is.EqualTo("Failed"));
        Assert.That((await world.StoredAsync(world.Us, order.Id)).Packages, Is.Empty, "the reservation is released");

        var (retried, answer) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody(weight: 3m));
        Assert.That(retried, Is.EqualTo(HttpStatusCode.Created), answer.ToString());
    }

    [Test]
    public async Task A_document_TikTok_is_still_making_is_finished_by_the_queue_worker()
    {
        await using var world = await LabelsWorld.StartAsync();
        var order = await world.StoredTikTokShippingOrderAsync(world.Us, seed: 9);
        Sim.State.DocumentsNotReady(world.Us.Id, 2);

        var (status, answer) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody());

        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted), answer.ToString());
        var outcome = await world.OutcomeAsync(answer.GetProperty("labelId").GetString()!);
        Assert.That(outcome.GetProperty("status").GetString(), Is.EqualTo("Ready"), outcome.ToString());
        Assert.That(world.Calls(LabelsWorld.CreatePackagePath), Is.EqualTo(1), "one package, however many attempts");
        Assert.That(PdfCheck.Problem((await world.DownloadAsync(outcome.GetProperty("labelUrl").GetString()!)).Bytes), Is.Null);
    }

    [Test]
    public async Task A_package_webhook_brings_TikToks_cancellation_of_a_package_to_the_order()
    {
        await using var world = await LabelsWorld.StartAsync();
        var order = world.TikTokShippingOrder(world.Us, seed: 10);
        await world.ActivateAsync(world.Us);
        var (_, answer) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody());
        var packageId = answer.GetProperty("label").GetProperty("packageId").GetString()!;
        Assert.That((await world.StoredAsync(world.Us, order.Id)).State, Is.EqualTo(OrderState.Shipped));

        Sim.State.CancelPackage(world.Us.Id, packageId);
        var delivered = await Sim.SendPackageUpdateAsync(world.WebhookUrl, world.Inner.App.AppKey, world.Us.Id, "CANCEL_FULFILL_SPLIT", "ROLE_SYSTEM", [packageId], CancellationToken.None);

        Assert.That(delivered, Is.EqualTo(200));
        StoredOrder stored = null!;
        await Eventually.HoldsAsync(async () => (stored = await world.StoredAsync(world.Us, order.Id)).Packages.Single().Status == "CANCELLED", "the package is cancelled on the order");
        Assert.That(stored.State, Is.EqualTo(OrderState.ReadyToFulfil), stored.StateReason);
        Assert.That(stored.StateReason, Does.Contain(packageId));
        Assert.That(stored.Lines.All(l => stored.UnshippedUnits(l.Sku) == l.Quantity), "the units need a new label");

        var (again, second) = await world.PostLabelAsync(order.Id, LabelsWorld.LabelBody());
        Assert.That(again, Is.EqualTo(HttpStatusCode.Created), second.ToString());
    }

    [Test]
    public async Task An_address_change_after_release_marks_the_order_and_opens_a_case_with_both_addresses()
    {
        await using var world = await LabelsWorld.StartAsync();
        var before = world.TikTokShippingOrder(world.Gb, seed: 11);
        await world.ActivateAsync(world.Gb);
        var released = Sim.State.GenerateOrders(world.Gb.Id, 1, seed: 12, status: TikTokOrderStatus.AwaitingShipment)[0];
        Sim.State.UseTikTokShipping(world.Gb.Id, released.Id);
        await world.ImportAsync(world.Gb, released.Id);
        var (releaseStatus, _) = await world.SendAsync(HttpMethod.Post, $"api/merchants/{LabelsWorld.MerchantId}/orders/{released.Id}/release", new { });
        Assert.That(releaseStatus, Is.EqualTo(HttpStatusCode.OK));
        var oldLine = released.RecipientAddress.AddressLine1;

        Sim.State.ChangeRecipientAddress(world.Gb.Id, before.Id, "9 Not Taken Road", "N1 9GU");
        Sim.State.ChangeRecipientAddress(world.Gb.Id, released.Id, "12 Changed Street", "E1 6AN", "London");
        Assert.That(await Sim.SendAddressUpdateAsync(world.WebhookUrl, world.Inner.App.AppKey, world.Gb.Id, before.Id, CancellationToken.None), Is.EqualTo(200));
        Assert.That(await Sim.SendAddressUpdateAsync(world.WebhookUrl, world.Inner.App.AppKey, world.Gb.Id, released.Id, CancellationToken.None), Is.EqualTo(200));

        SupportCase? opened = null;
        await Eventually.HoldsAsync(async () =>
            (opened = (await world.Cases.EveryCaseAsync()).FirstOrDefault(c => c.Kind == SupportCaseKind.AddressChangedAfterRelease)) is not null,
            "an AddressChangedAfterRelease case");
        Assert.That(opened!.Message, Does.Contain(released.Id).And.Contain(oldLine).And.Contain("12 Changed Street"));
        // The case opens before the order is written with it: wait for both, as support would see them within seconds.
        await Eventually.HoldsAsync(async () => (await world.StoredAsync(world.Gb, released.Id)).AddressChange is not null, "the order marked with the address change");
        var stored = await world.StoredAsync(world.Gb, released.Id);
        Assert.That(stored.AddressChange, Is.Not.Null);
        Assert.That(stored.AddressChange!.Previous!.AddressLines, Does.Contain(oldLine));
        Assert.That(stored.AddressChange.Current!.AddressLines, Does.Contain("12 Changed Street"));
        Assert.That(stored.AddressChange.SupportCaseId, Is.EqualTo(opened.CaseId));
        Assert.That(stored.Recipient!.AddressLines, Does.Contain("12 Changed Street"));

        await Eventually.HoldsAsync(async () => (await world.StoredAsync(world.Gb, before.Id)).Recipient!.AddressLines.Contains("9 Not Taken Road"), "the new address of an order not taken yet");
        var notTaken = await world.StoredAsync(world.Gb, before.Id);
        Assert.That(notTaken.AddressChange, Is.Null);
        Assert.That((await world.Cases.EveryCaseAsync()).Count(c => c.Kind == SupportCaseKind.AddressChangedAfterRelease), Is.EqualTo(1));
    }
}
