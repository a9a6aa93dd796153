using Connector.Admin.Cases;
using Connector.Admin.Explain;
using Connector.Admin.FailedMessages;
using Connector.Admin.Runs;
using Connector.Support;
using Connector.Testing;

namespace Connector.UnitTests.Admin;

/// <summary>The admin API's request records: every bad field named at once, sensible defaults otherwise.</summary>
public sealed class AdminRequestsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_task_centers_filters_name_every_bad_one_at_once()
    {
        var reader = Requests.Reader(null, Now, "from=yesterday&outcome=Maybe&kind=Dance&pageSize=0&shopId=a'b&continuationToken=forged");

        ListAllRuns.Bind(reader);

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "from", "outcome", "kind", "pageSize", "shopId", "continuationToken" }));
        Assert.That(reader.Errors["kind"][0], Does.Contain("OrderPull"), "names the kinds there are");
    }

    [Test]
    public void Without_a_window_the_task_center_shows_the_last_seven_days_and_refuses_more_than_93_or_a_reversed_one()
    {
        var reader = Requests.Reader(null, Now);
        var runs = ListAllRuns.Bind(reader);
        Assert.That(reader.Errors, Is.Empty);
        Assert.That((runs.From, runs.To, runs.PageSize), Is.EqualTo((Now.AddDays(-7), Now, 50)));

        var tooLong = Requests.Reader(null, Now, "from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z");
        ListAllRuns.Bind(tooLong);
        Assert.That(tooLong.Errors["from"][0], Does.Contain("93 days"));

        var reversed = Requests.Reader(null, Now, "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z");
        ListAllRuns.Bind(reversed);
        Assert.That(reversed.Errors["from"][0], Does.Contain("after to"));
    }

    [Test]
    public void A_shops_runs_take_the_kind_in_any_case_and_answer_it_in_its_own_spelling()
    {
        var reader = Requests.Reader(null, Now, "kind=orderpull&outcome=failed");
        var runs = ListShopRuns.Bind(reader, "shop-1");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That((runs.Kind, runs.Outcome), Is.EqualTo(("OrderPull", (Connector.Runs.RunOutcome?)Connector.Runs.RunOutcome.Failed)));
    }

    [Test]
    public void Path_ids_are_checked_by_the_one_id_rule()
    {
        var reader = Requests.Reader(null, Now);
        GetRun.Bind(reader, "a'b", new string('r', 300));
        ExplainOrder.Bind(reader, "shop-1", "not an order");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "shopId", "runId", "orderId" }));
    }

    [Test]
    public void Cases_are_open_unless_asked_and_bad_filters_are_named_at_once()
    {
        var plain = Requests.Reader(null, Now);
        Assert.That(ListCases.Bind(plain).Status, Is.EqualTo(SupportCaseStatus.Open));

        var bad = Requests.Reader(null, Now, "status=Closed&kind=Nope&shopId=a'b&pageSize=501");
        ListCases.Bind(bad);
        Assert.That(bad.Errors.Keys, Is.EquivalentTo(new[] { "status", "kind", "shopId", "pageSize" }));
    }

    [TestCase("{\"note\": \"  \"}", "required")]
    [TestCase("{}", "required")]
    [TestCase("{\"note\": 5}", "must be text")]
    public void A_resolution_needs_a_note(string body, string error)
    {
        var reader = Requests.Reader(body, Now);
        ResolveCase.Bind(reader, "c1");

        Assert.That(reader.Errors.Keys, Is.EqualTo(new[] { "note" }));
        Assert.That(reader.Errors["note"][0], Does.Contain(error));
    }

    [Test]
    public void A_resolution_names_a_long_note_and_a_bad_case_id_together_and_keeps_a_good_note_trimmed()
    {
        var reader = Requests.Reader(new { note = new string('n', 2001) }, Now);
        ResolveCase.Bind(reader, "a'b");
        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "caseId", "note" }));
        Assert.That(reader.Errors["note"][0], Does.Contain("at most 2000"));

        var good = Requests.Reader(new { note = "  refunded by hand " }, Now);
        Assert.That(ResolveCase.Bind(good, "c1").Note, Is.EqualTo("refunded by hand"));
        Assert.That(good.Errors, Is.Empty);
    }

    [Test]
    public void A_failed_message_id_is_checked_but_the_queue_is_left_to_the_operation_which_knows_the_queues()
    {
        var reader = Requests.Reader(null, Now);
        var action = FailedMessageAction.Bind(reader, "no-such-queue", "a'b");

        Assert.That(reader.Errors.Keys, Is.EqualTo(new[] { "messageId" }));
        Assert.That(action.Queue, Is.EqualTo("no-such-queue"));
    }
}
