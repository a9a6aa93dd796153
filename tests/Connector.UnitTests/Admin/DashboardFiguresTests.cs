using Connector.Admin.Summary;
using Connector.Orders;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Admin;

/// <summary>A day row's figures follow the orders' current versions, and the rollup's figures read back what the rows hold.</summary>
public sealed class DashboardFiguresTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 11, 10, 7, 0, TimeSpan.Zero);

    private static StoredOrder Order(string id, OrderState state, decimal? total = 10m, string currency = "USD", double shipByInHours = 5, params string[] missing) => new()
    {
        ShopId = "shop-1",
        OrderId = id,
        MerchantId = "merchant-1",
        TikTokStatus = TikTokOrderStatus.AwaitingShipment,
        UpdateTime = AsOf.ToUnixTimeSeconds(),
        CreateTime = AsOf.AddHours(-2).ToUnixTimeSeconds(),
        Amounts = new OrderAmounts(currency, null, null, null, null, null, total),
        State = state,
        StateReason = "Test.",
        MissingSkus = missing,
        Deadlines = new OrderDeadlines { RtsSla = AsOf.AddHours(shipByInHours) },
        ImportedAt = AsOf.AddMinutes(-30),
    };

    [Test]
    public void An_order_updated_again_and_again_counts_once_in_its_latest_state()
    {
        var day = OrderVersionDay.Empty(DateOnly.FromDateTime(AsOf.UtcDateTime));
        day.Set(Order("o1", OrderState.Pending, missing: ["A", "B,C"]));
        day.Set(Order("o1", OrderState.ReadyToFulfil));
        day.Set(Order("o1", OrderState.ReadyToFulfil));
        day.Set(Order("o2", OrderState.Released, 5m, "EUR", shipByInHours: -1));
        day.Set(Order("o3", OrderState.Pending, missing: ["B,C"]));
        day.Set(Order("o4", OrderState.ReadyToFulfil));
        day.Set(Order("o4", OrderState.Cancelled));

        var row = OrderVersionDay.FromEntity(day.ToEntity("shop-1"));
        var figures = DashboardFigures.Of("shop-1", "merchant-1", [day.ToEntity("shop-1")], AsOf);

        Assert.That(row.StateCounts(), Is.EquivalentTo(new Dictionary<string, int> { ["ReadyToFulfil"] = 1, ["Released"] = 1, ["Pending"] = 1, ["Cancelled"] = 1 }));
        Assert.That(row.GrossByCurrency(), Is.EquivalentTo(new Dictionary<string, (decimal, int)> { ["USD"] = (20m, 2), ["EUR"] = (5m, 1) }), "o1 and o3; o4 is cancelled");
        Assert.That(row.MissingSkuCounts(), Is.EquivalentTo(new Dictionary<string, int> { ["B,C"] = 1 }), "o1 no longer waits");
        Assert.That(figures.Late, Is.EqualTo(1));
        Assert.That(figures.DueByQuarter.Values.Sum(), Is.EqualTo(2), "o1 and o3 open and due; o4 cancelled");
        Assert.That(figures.ImportedLast24Hours, Is.EqualTo(4), "four orders first stored, whatever their updates");
        Assert.That(figures.OrdersPerDay[^1], Is.EqualTo(4));
        Assert.That(figures.SalesPerDay["USD"].Gross[^1], Is.EqualTo(20m));
    }

    [TestCase("UTC", "15:00", 1, 0)]
    [TestCase("Pacific/Auckland", "15:00", 0, 1)] // 10:07 UTC is 23:07 there; 15:00 UTC is 04:00 tomorrow
    [TestCase("America/Los_Angeles", "15:00", 1, 0)]
    [TestCase("Asia/Kathmandu", "18:00", 1, 0)] // UTC+5:45: the local day ends at 18:15 UTC
    [TestCase("Asia/Kathmandu", "18:15", 0, 1)]
    public void Due_today_and_tomorrow_follow_the_time_zone(string zone, string dueAtUtc, int today, int tomorrow)
    {
        var dueAt = new DateTimeOffset(AsOf.UtcDateTime.Date + TimeSpan.Parse(dueAtUtc, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
        var due = DashboardFigures.Due(new Dictionary<long, int> { [dueAt.ToUnixTimeSeconds() / DashboardFigures.QuarterSeconds] = 1 }, AsOf, TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.That(due, Is.EqualTo((today, tomorrow)));
    }
}
