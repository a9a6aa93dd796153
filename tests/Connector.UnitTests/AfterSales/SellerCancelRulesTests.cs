using Connector.AfterSales;
using Connector.Http;
using Connector.Orders;
using Connector.Shops;
using Connector.Testing;
using Connector.TikTok.Api;

namespace Connector.UnitTests.AfterSales;

public sealed class SellerCancelRulesTests
{
    private const string OutOfStock = "seller_cancel_reason_out_of_stock";

    private static ShopRecord Shop(string region = "US", ShopStatus status = ShopStatus.Active) =>
        new() { ShopId = "shop-1", MerchantId = "m1", AppKey = "app", AuthorizationId = "auth", Region = region, Status = status };

    private static StoredOrder Order(OrderState state = OrderState.ReadyToFulfil, string tiktokStatus = TikTokOrderStatus.AwaitingShipment) => new()
    {
        ShopId = "shop-1", OrderId = "o1", MerchantId = "m1", TikTokStatus = tiktokStatus, UpdateTime = 1, CreateTime = 1,
        Amounts = new OrderAmounts(null, null, null, null, null, null, null), State = state, StateReason = "r",
        Lines = OrderMapper.AggregateLines(TestOrders.Order("o1", skus: ["A", "A", "B"]).LineItems),
    };

    private static SellerCancelInput Input(string reason = OutOfStock, params (string, int)[] lines) => new(reason, lines.Length == 0 ? null : lines, null, null);

    [Test]
    public void An_awaiting_shipment_order_may_be_cancelled_whole_or_by_line_in_the_US()
    {
        Assert.That(AfterSalesRules.WhyNotCancel(Shop(), Order(), Input()), Is.Null);
        Assert.That(AfterSalesRules.WhyNotCancel(Shop(), Order(), Input(OutOfStock, ("A", 2))), Is.Null);
    }

    [TestCase(OrderState.Cancelled, TikTokOrderStatus.Cancelled, "cancelled already")]
    [TestCase(OrderState.Shipped, TikTokOrderStatus.InTransit, "not yet shipped")]
    public void A_cancelled_or_shipped_order_is_a_conflict(OrderState state, string tiktokStatus, string says)
    {
        var refusal = AfterSalesRules.WhyNotCancel(Shop(), Order(state, tiktokStatus), Input());

        Assert.That(refusal, Has.Property("Kind").EqualTo(RefusalKind.Conflict));
        Assert.That(refusal!.Detail, Does.Contain(says));
    }

    [Test]
    public void A_shop_that_needs_the_seller_again_is_a_conflict()
    {
        Assert.That(AfterSalesRules.WhyNotCancel(Shop(status: ShopStatus.ReauthorizationRequired), Order(), Input()), Has.Property("Kind").EqualTo(RefusalKind.Conflict));
    }

    [Test]
    public void A_reason_TikTok_does_not_offer_and_units_the_order_lacks_are_named()
    {
        var reason = AfterSalesRules.WhyNotCancel(Shop(), Order(), Input("because"));
        var units = AfterSalesRules.WhyNotCancel(Shop(), Order(), Input(OutOfStock, ("A", 3), ("C", 1)));

        Assert.That(reason, Has.Property("Kind").EqualTo(RefusalKind.Unprocessable));
        Assert.That(reason!.Errors!.Keys, Is.EqualTo(new[] { "reason" }));
        Assert.That(units!.Errors!["lines"], Has.Length.EqualTo(2));
    }
}
