using Connector.Orders;
using Connector.Testing;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Orders;

/// <summary>
/// The order's state outside an import changes in one place (<see cref="OrderRules.MoveTo"/> and
/// <see cref="OrderRules.AfterPackagesChanged"/>), whoever changed its packages: a shipment, a label, TikTok's package update.
/// </summary>
public sealed class OrderStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private static StoredOrder Ready(params string[] skus) =>
        ((OrderDecision.Store)OrderRules.Apply(TestOrders.Order("o1", skus: skus), null, "shop-1", "merchant-1", [], new OrderImportSettings(), OrderSources.Poll, Now.AddHours(-1))).Order;

    private static OrderPackage Package(string id, string sku, int units, string? status = null) =>
        new(id, "s-" + id, new Dictionary<string, int> { [sku] = units }, [], "TRK-" + id, "provider", Now, status);

    [Test]
    public void Every_unit_in_a_package_ships_a_ready_or_released_order_with_the_reason_in_its_history()
    {
        var order = Ready("A", "A", "B");
        Assert.That(order.State, Is.EqualTo(OrderState.ReadyToFulfil));

        var partly = OrderRules.AfterPackagesChanged(order with { Packages = [Package("p1", "A", 2)] }, "shipped", null, Now);
        Assert.That(partly.State, Is.EqualTo(OrderState.ReadyToFulfil), "B is not in a package yet");

        var shipped = OrderRules.AfterPackagesChanged(partly with { Packages = [Package("p1", "A", 2), Package("p2", "B", 1)] }, "shipped by the warehouse", null, Now);
        Assert.That(shipped.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(shipped.StateReason, Is.EqualTo("shipped by the warehouse"));
        Assert.That(shipped.History[^1], Is.EqualTo(new OrderStateChange(Now, OrderState.Shipped, "shipped by the warehouse")));
        Assert.That(shipped.History, Has.Count.EqualTo(order.History.Count + 1));
    }

    [Test]
    public void A_cancelled_package_sends_a_shipped_order_back_to_released_only_when_a_reason_is_given()
    {
        var released = OrderRules.MoveTo(Ready("A") with { ReleasedAt = Now }, OrderState.Released, "Taken by the back office.", Now);
        var shipped = OrderRules.AfterPackagesChanged(released with { Packages = [Package("p1", "A", 1)] }, "shipped", null, Now);
        Assert.That(shipped.State, Is.EqualTo(OrderState.Shipped));

        var cancelledPackage = shipped with { Packages = [Package("p1", "A", 1, TikTokPackageStatus.Cancelled)] };
        Assert.That(OrderRules.AfterPackagesChanged(cancelledPackage, "shipped", null, Now).State, Is.EqualTo(OrderState.Shipped),
            "a shipment or label never reopens an order");
        var reopened = OrderRules.AfterPackagesChanged(cancelledPackage, "shipped", "TikTok cancelled package p1", Now);
        Assert.That(reopened.State, Is.EqualTo(OrderState.Released));
        Assert.That(reopened.StateReason, Is.EqualTo("TikTok cancelled package p1"));

        var neverTaken = OrderRules.AfterPackagesChanged(Ready("A") with { State = OrderState.Shipped, Packages = [Package("p1", "A", 1, TikTokPackageStatus.Cancelled)] },
            "shipped", "cancelled", Now);
        Assert.That(neverTaken.State, Is.EqualTo(OrderState.ReadyToFulfil), "back to ReadyToFulfil when the back office never took it");
    }

    [Test]
    public void Moving_to_the_same_state_for_the_same_reason_writes_no_history()
    {
        var order = Ready("A");
        Assert.That(OrderRules.MoveTo(order, order.State, order.StateReason, Now), Is.SameAs(order));
        Assert.That(OrderRules.MoveTo(order, OrderState.Pending, "waiting", Now).History, Has.Count.EqualTo(order.History.Count + 1));
    }
}
