using Azure.Data.Tables;
using Connector.Finance;
using Connector.Orders;
using Connector.Storage;
using Connector.Testing;

namespace Connector.IntegrationTests.Storage;

/// <summary>The one leased checkpoint (progress and lease in one ETag-checked row), against Azurite, through the order pull's and the finance sync's stores.</summary>
public sealed class CheckpointTableTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Test]
    public async Task Of_many_workers_taking_a_shop_at_once_exactly_one_gets_it_and_the_others_learn_why()
    {
        var store = new OrderPullCheckpointStore(TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix()));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            store.TryLeaseAsync("shop-1", Now, Now.AddMinutes(2), c => c with { RunId = "run-1", WindowTo = 100 }, CancellationToken.None)));
        var again = await store.TryLeaseAsync("shop-1", Now, Now.AddMinutes(2), c => c, CancellationToken.None);

        Assert.That(attempts.Count(a => a.Checkpoint is not null), Is.EqualTo(1));
        Assert.That(attempts.Where(a => a.Checkpoint is null).Select(a => a.Refusal), Is.All.AnyOf(CheckpointLeaseRefusal.Held, CheckpointLeaseRefusal.Raced));
        Assert.That(again.Refusal, Is.EqualTo(CheckpointLeaseRefusal.Held), "a later worker sees the lease held");
        var stored = await store.GetAsync("shop-1", CancellationToken.None);
        Assert.That((stored.RunId, stored.WindowTo, stored.LeaseOwner), Is.EqualTo(("run-1", 100L, attempts.Single(a => a.Checkpoint is not null).Owner)),
            "the window opened in the same write as the lease");
    }

    [Test]
    public async Task A_worker_whose_lease_ran_out_and_was_taken_over_can_neither_save_nor_release_its_successors_lease()
    {
        var store = new FinanceSyncCheckpointStore(TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix()));
        var first = await store.TryLeaseAsync("shop-1", Now, Now.AddMinutes(1), c => c with { RunId = "run-1" }, CancellationToken.None);

        var second = await store.TryLeaseAsync("shop-1", Now.AddMinutes(2), Now.AddMinutes(4), c => c, CancellationToken.None);
        var lateSave = await store.TryRenewAsync(first.Checkpoint! with { Pages = 7 }, Now.AddMinutes(3), CancellationToken.None);
        await store.ReleaseAsync("shop-1", first.Owner, CancellationToken.None);

        Assert.That(second.Checkpoint, Is.Not.Null, "taken over once the first lease ran out");
        Assert.That(second.Checkpoint!.RunId, Is.EqualTo("run-1"), "the successor resumes the open window");
        Assert.That(lateSave, Is.Null);
        var stored = await store.GetAsync("shop-1", CancellationToken.None);
        Assert.That((stored.LeaseOwner, stored.Pages), Is.EqualTo((second.Owner, 0)));
    }

    [Test]
    public async Task Releasing_keeps_the_progress_and_a_failed_worker_lets_the_retry_in_at_once()
    {
        var store = new OrderPullCheckpointStore(TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix()));
        var leased = await store.TryLeaseAsync("shop/1", Now, Now.AddMinutes(2), c => c with { RunId = "run-1", PageToken = "page-2" }, CancellationToken.None);

        await store.ReleaseAsync("shop/1", leased.Owner, CancellationToken.None);
        var retry = await store.TryLeaseAsync("shop/1", Now, Now.AddMinutes(2), c => c, CancellationToken.None);
        var closed = await store.TrySaveAndReleaseAsync(retry.Checkpoint! with { Watermark = 50, RunId = null, PageToken = null }, CancellationToken.None);

        Assert.That(retry.Checkpoint!.PageToken, Is.EqualTo("page-2"));
        Assert.That(closed, Is.Not.Null);
        var stored = await store.GetAsync("shop/1", CancellationToken.None);
        Assert.That((stored.ShopId, stored.Watermark, stored.LeaseOwner, stored.LeaseUntil), Is.EqualTo(("shop/1", (long?)50, (string?)null, (DateTimeOffset?)null)));
        Assert.That(await store.DeleteAsync("shop/1", CancellationToken.None), Is.True);
        Assert.That((await store.GetAsync("shop/1", CancellationToken.None)).ETag, Is.Null);
    }

    [Test]
    public async Task A_checkpoint_row_written_before_the_shared_store_reads_as_it_was()
    {
        var prefix = TestEnvironment.UniquePrefix();
        var store = new OrderPullCheckpointStore(TestEnvironment.Current.CreateStorage(prefix));
        var table = new TableServiceClient(TestEnvironment.Current.Azurite.ConnectionString).GetTableClient(prefix + OrderPullCheckpointStore.TableName);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("shop-1", "checkpoint")
        {
            ["Watermark"] = 1_700_000_000L, ["ImportedFrom"] = 1_690_000_000L, ["Backfill"] = false, ["RunId"] = "run-9", ["Trigger"] = "timer",
            ["Phases"] = """[{"kind":"updated","from":1699990000,"status":null,"to":null}]""", ["PhaseIndex"] = 0, ["PageToken"] = "tok",
            ["WindowTo"] = 1_700_000_100L, ["Pages"] = 3, ["Counts"] = """{"new":2,"updated":1,"unchanged":0}""",
            ["LeaseOwner"] = "old-worker", ["LeaseUntil"] = Now.AddMinutes(-1),
        });

        var read = await store.GetAsync("shop-1", CancellationToken.None);

        Assert.That((read.Watermark, read.ImportedFrom, read.RunId, read.PageToken, read.WindowTo, read.Pages, read.LeaseOwner),
            Is.EqualTo(((long?)1_700_000_000L, (long?)1_690_000_000L, "run-9", "tok", 1_700_000_100L, 3, "old-worker")));
        Assert.That(read.Phases.Single().Kind, Is.EqualTo(OrderPullPhase.Updated));
        Assert.That(read.Counts.New, Is.EqualTo(2));
        Assert.That(read.LeaseHeld(Now), Is.False, "its lease ran out");
    }
}
