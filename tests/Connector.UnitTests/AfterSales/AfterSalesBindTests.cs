using Connector.AfterSales;
using Connector.Testing;

namespace Connector.UnitTests.AfterSales;

public sealed class AfterSalesBindTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Every_bad_filter_of_the_listing_is_named_at_once()
    {
        var reader = Requests.Reader(null, Now, "state=Requested,Lost&kind=Exchange&shopId=a'b&orderId=a'b&deadlineBefore=soon&awaitsSeller=maybe&pageSize=501&continuationToken=xyz");

        ListAfterSales.Bind(reader, "m1");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "state", "kind", "shopId", "orderId", "deadlineBefore", "awaitsSeller", "pageSize", "continuationToken" }));
        Assert.That(reader.Errors["state"][0], Does.Contain("'Lost'"));
    }

    [Test]
    public void Awaiting_the_seller_adds_the_states_that_wait_for_an_answer()
    {
        var reader = Requests.Reader(null, Now, "state=Approved&awaitsSeller=true");

        var request = ListAfterSales.Bind(reader, "m1");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That(request.States, Is.EquivalentTo(new[] { AfterSalesState.Approved, AfterSalesState.Requested, AfterSalesState.ReturnShipped }));
    }

    [Test]
    public void An_answer_names_unknown_fields_and_every_rule_it_breaks()
    {
        var reader = Requests.Reader(new { reason = "x", buyerKeepItem = "yes", idempotencyKey = "", note = "typo" }, Now);

        DecideAfterSales.Bind(reader, "m1", "r1", "receive");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "reason", "buyerKeepItem", "idempotencyKey", "note" }));
    }

    [Test]
    public void A_rejection_needs_a_reason_and_an_empty_body_is_an_empty_answer()
    {
        var reject = Requests.Reader(null, Now);
        DecideAfterSales.Bind(reject, "m1", "r1", "reject");
        var approve = Requests.Reader(null, Now);
        var request = DecideAfterSales.Bind(approve, "m1", "r1", "Approve");

        Assert.That(reject.Errors.Keys, Is.EqualTo(new[] { "reason" }));
        Assert.That(approve.Errors, Is.Empty);
        Assert.That(request.Action, Is.EqualTo(AfterSalesAction.Approve));
    }

    [Test]
    public void An_unknown_action_binds_without_reading_the_body_so_the_handler_answers_not_found()
    {
        var reader = Requests.Reader(new { whatever = 1 }, Now);

        var request = DecideAfterSales.Bind(reader, "m1", "r1", "escalate");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That(request.Action, Is.Null);
    }

    [Test]
    public void A_cancellation_names_every_bad_line_and_field()
    {
        var reader = Requests.Reader(new { lines = new object[] { new { sku = "A", quantity = 0 }, new { quantity = 1 }, new { sku = "B", quantity = 1 }, new { sku = "B", quantity = 2 } }, shopId = 5 }, Now);

        CancelOrder.Bind(reader, "a'b", "o1");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "merchantId", "reason", "lines", "shopId" }));
        Assert.That(reader.Errors["lines"], Has.Length.EqualTo(3));
    }

    [Test]
    public void A_partial_cancellation_binds_its_lines()
    {
        var reader = Requests.Reader(new { reason = "seller_cancel_reason_out_of_stock", lines = new[] { new { sku = "A", quantity = 2 } }, idempotencyKey = "k1" }, Now);

        var request = CancelOrder.Bind(reader, "m1", "o1");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That(request.Lines, Is.EqualTo(new[] { ("A", 2) }));
        Assert.That(request.IdempotencyKey, Is.EqualTo("k1"));
    }
}
