using Connector.Testing;
using System.Net;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;
using Connector.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.Webhooks;

/// <summary>TikTok webhooks through the local host: the simulator signs and sends them, Azurite queues them.</summary>
public sealed class WebhookTests
{
    private static TikTokSimulatorServer Sim => WebhookWorld.Sim;

    [Test]
    public async Task A_signed_order_webhook_stores_the_order_within_seconds_marked_as_coming_by_webhook()
    {
        await using var world = await WebhookWorld.StartAsync();
        var order = world.NewOrder();

        var status = await world.SendOrderAsync(order, "n-order-1");

        Assert.That(status, Is.EqualTo(200));
        await Eventually.HoldsAsync(async () => await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None) is not null, "the order is stored");
        var stored = (await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None))!.Order;
        Assert.That(stored.Source, Is.EqualTo(OrderSources.Webhook));
        Assert.That(stored.TikTokStatus, Is.EqualTo("AWAITING_SHIPMENT"));
        Assert.That(stored.UpdateTime, Is.EqualTo(order.UpdateTime));
        var notification = await world.ProcessedAsync("n-order-1");
        Assert.That(notification.Outcome, Is.EqualTo(WebhookProcessor.Outcomes.Imported));
        Assert.That(notification.OrderId, Is.EqualTo(order.Id));
        var run = await world.Runs.LatestAsync(world.ShopId, RunKinds.Webhook, CancellationToken.None);
        Assert.That(run, Is.Not.Null);
        Assert.That(run!.Outcome, Is.EqualTo(RunOutcome.Succeeded));
        Assert.That(run.Trigger, Is.EqualTo("webhook"));
        Assert.That(run.Details["orderId"], Is.EqualTo(order.Id));
        Assert.That(run.Counts["new"], Is.EqualTo(1));
    }

    [Test]
    public async Task A_forged_or_unsigned_webhook_is_401_and_nothing_is_queued_or_stored()
    {
        await using var world = await WebhookWorld.StartAsync();
        var order = world.NewOrder();
        var body = $$$"""{"type":1,"tts_notification_id":"n-forged","shop_id":"{{{world.ShopId}}}","timestamp":1700000000,"data":{"order_id":"{{{order.Id}}}"}}""";

        var forged = await world.PostAsync(body, world.Sign(body, secret: "not-the-app-secret"));
        var unsigned = await world.PostAsync(body, authorization: null);
        var tampered = await world.PostAsync(body.Replace("n-forged", "n-other", StringComparison.Ordinal), world.Sign(body));

        Assert.That(forged, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unsigned, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(tampered, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await world.QueuedAsync(), Is.Zero, "nothing queued");
        Assert.That(await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None), Is.Null);
        Assert.That(await world.Notifications.ListAsync(world.ShopId, CancellationToken.None), Is.Empty);
        Assert.That(world.GetOrderCalls, Is.Zero);
    }

    [TestCase("not json")]
    [TestCase("""{"type":"order","shop_id":"x"}""")]
    [TestCase("""{"tts_notification_id":"n1"}""")]
    public async Task A_signed_but_malformed_body_is_400_and_nothing_is_queued(string body)
    {
        await using var world = await WebhookWorld.StartAsync();

        var status = await world.PostAsync(body, world.Sign(body));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await world.QueuedAsync(), Is.Zero);
    }

    [Test]
    public async Task A_notification_delivered_twice_is_processed_once()
    {
        await using var world = await WebhookWorld.StartAsync();
        var order = world.NewOrder();
        Assert.That(await world.SendOrderAsync(order, "n-dup"), Is.EqualTo(200));
        await world.ProcessedAsync("n-dup");

        Assert.That(await world.SendOrderAsync(order, "n-dup"), Is.EqualTo(200));

        await world.LoggedAsync("Webhook n-dup of shop " + world.ShopId + " was processed before");
        Assert.That(world.GetOrderCalls, Is.EqualTo(1), "one order fetch at TikTok");
        Assert.That((await world.NotificationAsync("n-dup"))!.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task Notifications_arriving_out_of_order_leave_the_newest_state()
    {
        await using var world = await WebhookWorld.StartAsync();
        var order = world.NewOrder();
        var older = new { order.Id, order.Status, order.UpdateTime };
        var newer = Sim.State.ChangeOrder(world.ShopId, order.Id, "AWAITING_COLLECTION");
        Assert.That(newer.UpdateTime, Is.GreaterThan(older.UpdateTime));

        Assert.That(await world.SendOrderAsync(newer, "n-newer"), Is.EqualTo(200));
        await world.ProcessedAsync("n-newer");
        Assert.That(await world.SendAsync(WebhookTypes.OrderStatusChange, new { order_id = older.Id, order_status = older.Status, update_time = older.UpdateTime },
            notificationId: "n-older"), Is.EqualTo(200));
        var late = await world.ProcessedAsync("n-older");

        var stored = (await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None))!.Order;
        Assert.That(stored.TikTokStatus, Is.EqualTo("AWAITING_COLLECTION"));
        Assert.That(stored.UpdateTime, Is.EqualTo(newer.UpdateTime));
        Assert.That(late.Outcome, Is.EqualTo(WebhookProcessor.Outcomes.AlreadyCurrent));
        Assert.That(world.GetOrderCalls, Is.EqualTo(1), "the older notification needs no fetch");
    }

    [Test]
    public async Task An_older_version_fetched_later_never_overwrites_a_newer_stored_one()
    {
        await using var world = await WebhookWorld.StartAsync();
        var order = world.NewOrder();
        Sim.State.ChangeOrder(world.ShopId, order.Id, "AWAITING_COLLECTION");
        Assert.That(await world.SendAsync(WebhookTypes.OrderStatusChange, new { order_id = order.Id }, notificationId: "n-a"), Is.EqualTo(200));
        await world.ProcessedAsync("n-a");
        var newest = (await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None))!.Order;

        // A notification without update_time is always fetched: TikTok answers the current (same) version, nothing changes.
        Assert.That(await world.SendAsync(WebhookTypes.OrderStatusChange, new { order_id = order.Id }, notificationId: "n-b"), Is.EqualTo(200));
        var second = await world.ProcessedAsync("n-b");

        Assert.That(second.Outcome, Is.EqualTo(WebhookProcessor.Outcomes.Unchanged));
        var stored = (await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None))!.Order;
        Assert.That(stored.UpdateTime, Is.EqualTo(newest.UpdateTime));
        Assert.That(stored.TikTokStatus, Is.EqualTo("AWAITING_COLLECTION"));
    }

    [Test]
    public async Task A_failed_first_processing_is_processed_when_the_message_is_retried()
    {
        await using var world = await WebhookWorld.StartAsync();
        var order = world.NewOrder();
        var processor = world.World.Host.Services.GetRequiredService<WebhookProcessor>();
        var body = $$$"""{"type":1,"tts_notification_id":"n-retry","shop_id":"{{{world.ShopId}}}","timestamp":1700000000,"data":{"order_id":"{{{order.Id}}}"}}""";
        var message = new WebhookMessage("delivery-1", world.AppKey, "n-retry", 1, world.ShopId, body, DateTimeOffset.UtcNow);
        Sim.Faults.Add(new FaultRule { AppKey = world.AppKey, Path = "/order/202507/orders", Kind = FaultKind.ServerError, Count = 2 });

        await Assert.CatchAsync(() => processor.HandleAsync(message, CancellationToken.None));
        Assert.That((await world.NotificationAsync("n-retry"))!.State, Is.EqualTo(NotificationState.Processing));
        await processor.HandleAsync(new WebhookMessage("delivery-2", world.AppKey, "n-retry", 1, world.ShopId, body, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.That((await world.NotificationAsync("n-retry"))!.State, Is.EqualTo(NotificationState.Processing), "another delivery waits for the holder");
        await processor.HandleAsync(message, CancellationToken.None);

        var notification = (await world.NotificationAsync("n-retry"))!;
        Assert.That(notification.State, Is.EqualTo(NotificationState.Done));
        Assert.That(notification.Attempts, Is.EqualTo(2));
        Assert.That(await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None), Is.Not.Null);
        var failed = await world.Runs.ListAsync(world.ShopId, RunKinds.Webhook, RunOutcome.Failed, null, 10, CancellationToken.None);
        Assert.That(failed.Runs, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Seller_deauthorization_makes_the_shop_need_reauthorization_and_opens_a_case_with_a_link()
    {
        await using var world = await WebhookWorld.StartAsync();

        Assert.That(await world.SendAsync(WebhookTypes.SellerDeauthorization, new { message = "deauthorized" }, notificationId: "n-deauth"), Is.EqualTo(200));

        await world.ProcessedAsync("n-deauth");
        var shop = (await world.World.Shops.GetAsync(world.ShopId, CancellationToken.None))!;
        Assert.That(shop.Status, Is.EqualTo(ShopStatus.ReauthorizationRequired));
        Assert.That(shop.StatusBeforeReauthorization, Is.EqualTo(ShopStatus.Active));
        var reauth = (await world.World.Cases.EveryCaseAsync()).Single(c => c.Kind == SupportCaseKind.ReauthorizationRequired);
        Assert.That(reauth.ShopId, Is.EqualTo(world.ShopId));
        Assert.That(reauth.Message, Does.Contain("deauthorized").And.Contain("api/oauth/tiktok/authorize?merchant=merchant-1"));
    }

    [Test]
    public async Task Authorization_expiring_opens_a_case_with_a_fresh_reauthorize_link()
    {
        await using var world = await WebhookWorld.StartAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(10).ToUnixTimeSeconds();

        Assert.That(await world.SendAsync(WebhookTypes.AuthorizationExpiring, new { expiration_time = expires }, notificationId: "n-expiring"), Is.EqualTo(200));

        await world.ProcessedAsync("n-expiring");
        var expiring = (await world.World.Cases.EveryCaseAsync()).Single(c => c.Kind == SupportCaseKind.AuthorizationExpiring);
        Assert.That(expiring.ShopId, Is.EqualTo(world.ShopId));
        Assert.That(expiring.MerchantId, Is.EqualTo("merchant-1"));
        Assert.That(expiring.Message, Does.Contain("api/oauth/tiktok/authorize?merchant=merchant-1").And.Contain(DateTimeOffset.FromUnixTimeSeconds(expires).ToString("u")));
        Assert.That((await world.World.Shops.GetAsync(world.ShopId, CancellationToken.None))!.Status, Is.EqualTo(ShopStatus.Active), "the shop still works");
    }

    [Test]
    public async Task The_legacy_reverse_order_type_2_is_acknowledged_and_ignored_as_TikTok_replaced_it_by_types_11_and_12()
    {
        await using var world = await WebhookWorld.StartAsync();

        var status = await world.SendAsync(2, new { order_id = "o-1", reverse_order_id = "r-1", reverse_order_status = 1, update_time = 1700000001 }, notificationId: "n-reverse");

        Assert.That(status, Is.EqualTo(200));
        await world.LoggedAsync("Webhook n-reverse (type 2, shop " + world.ShopId + ") acknowledged, nothing done: type not handled by the connector");
        Assert.That(await world.Notifications.ListAsync(world.ShopId, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_webhook_for_a_shop_unknown_to_the_connector_is_acknowledged_and_stores_nothing()
    {
        await using var world = await WebhookWorld.StartAsync();
        var other = Sim.State.CreateSeller().Shops[0];

        var status = await world.SendAsync(WebhookTypes.OrderStatusChange, new { order_id = "o-unknown" }, shopId: other.Id, notificationId: "n-unknown-shop");

        Assert.That(status, Is.EqualTo(200));
        await world.LoggedAsync("shop unknown to the connector");
        Assert.That(await world.Notifications.ListAsync(other.Id, CancellationToken.None), Is.Empty);
        Assert.That(await world.Orders.GetAsync(other.Id, "o-unknown", CancellationToken.None), Is.Null);
        Assert.That(world.GetOrderCalls, Is.Zero);
    }

    [Test]
    public async Task A_webhook_of_an_unknown_type_is_acknowledged_and_logged()
    {
        await using var world = await WebhookWorld.StartAsync();

        var status = await world.SendAsync(99, new { anything = true }, notificationId: "n-type-99");

        Assert.That(status, Is.EqualTo(200));
        await world.LoggedAsync("type not handled by the connector");
        Assert.That(await world.Notifications.ListAsync(world.ShopId, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task An_order_webhook_for_a_shop_that_is_not_active_is_acknowledged_without_importing()
    {
        await using var world = await WebhookWorld.StartAsync(ShopStatus.Paused);
        var order = world.NewOrder();

        Assert.That(await world.SendOrderAsync(order, "n-paused"), Is.EqualTo(200));

        var notification = await world.ProcessedAsync("n-paused");
        Assert.That(notification.Outcome, Is.EqualTo(WebhookProcessor.Outcomes.ImportOff));
        Assert.That(await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None), Is.Null);
        Assert.That(world.GetOrderCalls, Is.Zero);
    }

    [Test]
    public async Task An_order_webhook_for_a_shop_whose_order_import_is_off_is_acknowledged_without_importing()
    {
        await using var world = await WebhookWorld.StartAsync();
        var shop = (await world.World.Shops.GetAsync(world.ShopId, CancellationToken.None))!;
        shop.Settings.Orders = shop.Settings.Orders with { ImportEnabled = false };
        await world.World.Shops.UpdateAsync(shop, shop.Status, CancellationToken.None);
        var order = world.NewOrder();

        Assert.That(await world.SendOrderAsync(order, "n-import-off"), Is.EqualTo(200));

        var notification = await world.ProcessedAsync("n-import-off");
        Assert.That(notification.Outcome, Is.EqualTo(WebhookProcessor.Outcomes.ImportOff));
        Assert.That(await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None), Is.Null);
        Assert.That(world.GetOrderCalls, Is.Zero);
    }
}
