using Azure;
using Azure.Data.Tables;
using Connector.Storage;
using Connector.Testing;

namespace Connector.IntegrationTests.Storage;

/// <summary>The one lease and the one optimistic-concurrency retry, against Azurite's table service.</summary>
public sealed class StoragePrimitivesTests
{
    private TableClient table = null!;

    [SetUp]
    public async Task CreateTableAsync()
    {
        table = new TableServiceClient(TestEnvironment.Current.Azurite.ConnectionString).GetTableClient(TestEnvironment.UniquePrefix() + "Leases");
        await table.CreateIfNotExistsAsync();
    }

    [TearDown]
    public Task DeleteTableAsync() => table.DeleteAsync();

    [Test]
    public async Task Of_many_instances_taking_a_lease_at_once_exactly_one_gets_it()
    {
        var now = DateTimeOffset.UtcNow;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TableLease.TryAcquireAsync(table, "shop-1", "lease", now, now.AddMinutes(1), CancellationToken.None)));

        Assert.That(attempts.Count(a => a is not null), Is.EqualTo(1));
    }

    [Test]
    public async Task A_released_lease_can_be_taken_again_and_a_held_one_cannot()
    {
        var now = DateTimeOffset.UtcNow;
        var first = await TableLease.TryAcquireAsync(table, "shop-1", "lease", now, now.AddMinutes(1), CancellationToken.None);
        Assert.That(await TableLease.TryAcquireAsync(table, "shop-1", "lease", now, now.AddMinutes(1), CancellationToken.None), Is.Null, "held");

        await first!.DisposeAsync();

        Assert.That(await TableLease.TryAcquireAsync(table, "shop-1", "lease", now, now.AddMinutes(1), CancellationToken.None), Is.Not.Null, "released");
    }

    [Test]
    public async Task An_expired_lease_is_taken_over_and_its_late_release_does_not_free_the_new_holder()
    {
        var now = DateTimeOffset.UtcNow;
        var stale = await TableLease.TryAcquireAsync(table, "shop-1", "lease", now, now.AddSeconds(1), CancellationToken.None);

        var later = now.AddSeconds(5);
        var current = await TableLease.TryAcquireAsync(table, "shop-1", "lease", later, later.AddMinutes(1), CancellationToken.None);
        await stale!.DisposeAsync();

        Assert.That(current, Is.Not.Null, "taken over once expired");
        Assert.That(await TableLease.TryAcquireAsync(table, "shop-1", "lease", later, later.AddMinutes(1), CancellationToken.None), Is.Null, "still the new holder's");
    }

    [Test]
    public async Task Concurrent_read_decide_write_loops_lose_no_increment()
    {
        await table.AddEntityAsync(new TableEntity("p", "counter") { ["Value"] = 0 });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OptimisticConcurrency.RetryAsync(async _ =>
        {
            var row = (await table.GetEntityAsync<TableEntity>("p", "counter")).Value;
            row["Value"] = row.GetInt32("Value")!.Value + 1;
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        }, maxAttempts: 20)));

        Assert.That((await table.GetEntityAsync<TableEntity>("p", "counter")).Value.GetInt32("Value"), Is.EqualTo(4));
    }

    [Test]
    public async Task A_write_that_keeps_losing_fails_after_the_last_attempt_and_other_errors_are_not_retried()
    {
        var conflicts = 0;
        var lost = await Catch(() => OptimisticConcurrency.RetryAsync(_ =>
        {
            conflicts++;
            throw new RequestFailedException(412, "precondition failed");
        }));
        Assert.That(lost, Is.TypeOf<RequestFailedException>().With.Property(nameof(RequestFailedException.Status)).EqualTo(412));
        Assert.That(conflicts, Is.EqualTo(OptimisticConcurrency.MaxAttempts));

        var others = 0;
        var failed = await Catch(() => OptimisticConcurrency.RetryAsync(_ =>
        {
            others++;
            throw new RequestFailedException(500, "server error");
        }));
        Assert.That(failed, Is.TypeOf<RequestFailedException>().With.Property(nameof(RequestFailedException.Status)).EqualTo(500));
        Assert.That(others, Is.EqualTo(1));
    }

    private static async Task<Exception?> Catch(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
