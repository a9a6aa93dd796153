using System.Net;
using Connector.AfterSales;
using Connector.Orders;
using Connector.Runs;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.AfterSales;

/// <summary>The safety net behind webhooks 11 and 12, and the back-office list's paging.</summary>
public sealed class AfterSalesPullEndToEndTests
{
    private static TikTokSimulatorServer Sim => AfterSalesWorld.Sim;

    [Test]
    public async Task Without_webhooks_the_after_sales_pull_brings_cancellations_and_returns_in_and_a_second_pull_changes_nothing()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        Sim.State.SetWebhookUrl(world.Inner.App.AppKey, null); // TikTok's notifications are lost
        var open = await world.StoredOrderAsync();
        await world.ReleaseAsync(open.OrderId);
        var delivered = await world.StoredOrderAsync(TikTokOrderStatus.Delivered, seed: 2);
        var cancellation = Sim.State.RequestCancellation(world.ShopId, open.OrderId);
        var refund = Sim.State.RequestReturn(world.ShopId, delivered.OrderId, type: "REFUND");
        var pull = world.Services.GetRequiredService<AfterSalesPull>();
        world.Inner.Time.Offset = TimeSpan.FromSeconds(2); // a pull's window ends at "now" (exclusive); the next one overlaps it

        await pull.HandleAsync(new AfterSalesPullMessage(world.ShopId), CancellationToken.None);

        Assert.That((await world.RequestAsync(cancellation.Id))!.State, Is.EqualTo(AfterSalesState.Requested));
        Assert.That((await world.RequestAsync(refund.Id))!.State, Is.EqualTo(AfterSalesState.Requested));
        Assert.That((await world.StoredAsync(open.OrderId)).State, Is.EqualTo(OrderState.CancellationRequested));
        var run = await world.Services.GetRequiredService<RunStore>().LatestAsync(world.ShopId, AfterSalesPull.RunKind, CancellationToken.None);
        Assert.That(run!.Outcome, Is.EqualTo(RunOutcome.Succeeded));
        Assert.That((run.Counts["cancellations"], run.Counts["returns"]), Is.EqualTo((1L, 1L)));
        var before = (await world.SnapshotAsync(cancellation.Id), await world.SnapshotAsync(refund.Id));
        var orderCalls = world.Calls("/order/202309/orders");

        await pull.HandleAsync(new AfterSalesPullMessage(world.ShopId), CancellationToken.None);

        Assert.That((await world.SnapshotAsync(cancellation.Id), await world.SnapshotAsync(refund.Id)), Is.EqualTo(before));
        Assert.That(world.Calls("/order/202309/orders"), Is.EqualTo(orderCalls), "nothing changed, nothing re-read");
    }

    [Test]
    public async Task The_after_sales_list_pages_soonest_deadline_first_and_refuses_a_made_up_token()
    {
        await using var world = await AfterSalesWorld.StartAsync();
        var orders = new[] { await world.StoredOrderAsync(TikTokOrderStatus.Delivered, seed: 11), await world.StoredOrderAsync(TikTokOrderStatus.Delivered, seed: 12) };
        var first = Sim.State.RequestReturn(world.ShopId, orders[0].OrderId);
        Sim.State.ExpireDeadline(world.ShopId, first.Id); // TikTok approved it: no deadline any more
        var second = Sim.State.RequestReturn(world.ShopId, orders[1].OrderId);
        await world.RequestInAsync(first.Id, AfterSalesState.AwaitingBuyerReturn);
        await world.RequestInAsync(second.Id, AfterSalesState.Requested);

        var page1 = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/after-sales?pageSize=1");
        var token = page1.Body.GetProperty("continuationToken").GetString();
        var page2 = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/after-sales?pageSize=1&continuationToken={token}");
        var bogus = await world.GetAsync($"api/merchants/{AfterSalesWorld.MerchantId}/after-sales?continuationToken=bm9wZQ");
        var unknownMerchant = await world.GetAsync("api/merchants/merchant-nobody/after-sales");

        Assert.That(page1.Body.GetProperty("requests")[0].GetProperty("requestId").GetString(), Is.EqualTo(second.Id), "the one with a deadline first");
        Assert.That(page2.Body.GetProperty("requests")[0].GetProperty("requestId").GetString(), Is.EqualTo(first.Id));
        Assert.That(page2.Body.GetProperty("continuationToken").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(bogus.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(unknownMerchant.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
