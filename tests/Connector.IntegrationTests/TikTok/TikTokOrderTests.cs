using Connector.TikTok.Api;

namespace Connector.IntegrationTests.TikTok;

public sealed class TikTokOrderTests
{
    private static TikTokSimulator.TikTokSimulatorServer Sim => TikTokTestShop.Sim;

    [Test]
    public async Task Paging_across_1000_orders_returns_each_exactly_once()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var generated = Sim.State.GenerateOrders(world.Shop.ShopId, 1000, seed: 7).Select(o => o.Id).ToHashSet();

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await world.Client.SearchOrdersAsync(world.Shop, new TikTokOrderSearch(),
                new TikTokPageRequest(token, PageSize: 100, SortField: TikTokSortField.UpdateTime, SortOrder: TikTokSortOrder.Ascending), CancellationToken.None);
            Assert.That(page.TotalCount, Is.EqualTo(1000));
            seen.AddRange(page.Orders.Select(o => o.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.That(seen, Is.Unique);
        Assert.That(seen.ToHashSet().SetEquals(generated), Is.True);
        Assert.That(pages, Is.EqualTo(10));
    }

    [Test]
    public async Task Search_filters_by_status_and_create_time_and_sorts()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        Sim.State.GenerateOrders(world.Shop.ShopId, 30, seed: 1, now.AddDays(-3), now.AddDays(-2), status: "AWAITING_SHIPMENT");
        var recent = Sim.State.GenerateOrders(world.Shop.ShopId, 20, seed: 2, now.AddHours(-20), now.AddHours(-2), status: "AWAITING_SHIPMENT");
        Sim.State.GenerateOrders(world.Shop.ShopId, 10, seed: 3, now.AddHours(-20), now.AddHours(-2), status: "CANCELLED");

        var page = await world.Client.SearchOrdersAsync(world.Shop,
            new TikTokOrderSearch { OrderStatus = TikTokOrderStatus.AwaitingShipment, CreateTimeGe = TikTokTime.ToUnix(now.AddDays(-1)) },
            new TikTokPageRequest(PageSize: 50, SortField: TikTokSortField.CreateTime, SortOrder: TikTokSortOrder.Descending), CancellationToken.None);

        Assert.That(page.TotalCount, Is.EqualTo(20));
        Assert.That(page.Orders.Select(o => o.Id), Is.EquivalentTo(recent.Select(o => o.Id)));
        Assert.That(page.Orders.Select(o => o.CreateTime), Is.Ordered.Descending);
        Assert.That(page.NextPageToken, Is.Empty);
    }

    [Test]
    public async Task Order_details_are_fetched_in_batches_of_fifty_with_exact_amounts()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var ids = Sim.State.GenerateOrders(world.Shop.ShopId, 120, seed: 11).Select(o => o.Id).ToList();

        var orders = await world.Client.GetOrdersAsync(world.Shop, ids, CancellationToken.None);

        Assert.That(orders.Select(o => o.Id), Is.EquivalentTo(ids));
        Assert.That(world.Calls("/order/202507/orders"), Is.EqualTo(3));
        foreach (var order in orders)
        {
            Assert.That(order.LineItems, Is.Not.Empty);
            Assert.That(order.Payment!.SubTotal, Is.EqualTo(order.LineItems.Sum(l => l.SalePrice!.Value)), "one line item per unit, decimal exact");
            Assert.That(order.Payment.TotalAmount, Is.EqualTo(order.Payment.SubTotal + order.Payment.ShippingFee - order.Payment.SellerDiscount));
        }
    }
}
