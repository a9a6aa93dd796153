using Connector.Orders;
using Connector.Testing;

namespace Connector.UnitTests.Orders;

public sealed class ListOrdersBindTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Every_bad_filter_is_named_at_once()
    {
        var reader = Requests.Reader(null, Now, "state=Lost&pageSize=0&shopId=a'b&changedSince=yesterday&continuationToken=nonsense!&due=never&timeZone=Mars/Olympus");

        ListOrders.Bind(reader, "m1");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "state", "pageSize", "shopId", "changedSince", "continuationToken", "due", "timeZone" }));
    }

    [Test]
    public void A_token_of_a_sorted_listing_is_refused_for_an_unsorted_one()
    {
        var sorted = new SortedCursor(1, "shop-1", "o1").Format();
        var reader = Requests.Reader(null, Now, "continuationToken=" + Uri.EscapeDataString(sorted));

        ListOrders.Bind(reader, "m1");

        Assert.That(reader.Errors.Keys, Is.EqualTo(new[] { "continuationToken" }));
    }

    [Test]
    public void Good_filters_bind()
    {
        var token = new OrderCursor(1, "t").Format();
        var reader = Requests.Reader(null, Now, $"state=ReadyToFulfil&pageSize=20&shopId=shop-1&changedSince=2026-01-30T10:00:00Z&continuationToken={Uri.EscapeDataString(token)}");

        var request = ListOrders.Bind(reader, "m1");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That(request, Has.Property("State").EqualTo(OrderState.ReadyToFulfil).And.Property("PageSize").EqualTo(20).And.Property("ShopId").EqualTo("shop-1"));
        Assert.That(request.Position, Is.EqualTo(new OrderCursor(1, "t")));
        Assert.That(request.ChangedSince, Is.EqualTo(new DateTimeOffset(2026, 1, 30, 10, 0, 0, TimeSpan.Zero)));
    }
}
