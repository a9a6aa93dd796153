using Azure.Data.Tables;
using Connector.Support;
using Connector.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.IntegrationTests.Support;

/// <summary>
/// Support cases against Azurite: the list support pages through and the counts the dashboard shows come from indexes
/// kept with each case, so they cost the same number of storage requests with 10 or 1,000 cases.
/// </summary>
public sealed class SupportCaseStoreTests
{
    [Test]
    public async Task Lists_and_counts_cost_the_same_requests_with_ten_times_and_a_hundred_times_the_cases()
    {
        var measured = new List<(int Cases, long Page, long Counts, long Shop)>();
        foreach (var count in new[] { 10, 100, 1000 })
        {
            var (store, prefix) = Create();
            await SeedAsync(store, count);

            // Only this test's table: fixtures run in parallel.
            using var counter = new RequestCounter((uri, _) => uri.AbsolutePath.Contains(prefix + SupportCaseStore.TableName, StringComparison.Ordinal) ? "storage" : null);
            var before = counter["storage"];
            var (page, next) = await store.ListAsync(SupportCaseStatus.Open, null, null, null, 50, CancellationToken.None);
            var afterPage = counter["storage"];
            var counts = await store.OpenCountsAsync(CancellationToken.None);
            var afterCounts = counter["storage"];
            var (shopPage, _) = await store.ListAsync(SupportCaseStatus.Open, SupportCaseKind.ShipmentFailed, "shop-3", null, 50, CancellationToken.None);
            var afterShop = counter["storage"];
            measured.Add((count, afterPage - before, afterCounts - afterPage, afterShop - afterCounts));

            var open = count - count / 5;
            Assert.That(page, Has.Count.EqualTo(Math.Min(50, open)), $"{count} cases: the first page");
            Assert.That(next is not null, Is.EqualTo(open > 50), "a next page exactly when there are more");
            Assert.That(page.Select(c => c.CreatedAt), Is.Ordered.Descending, "newest first");
            Assert.That(page.All(c => c.Status == SupportCaseStatus.Open));
            Assert.That(counts.Values.Sum(), Is.EqualTo(open), $"{count} cases: open counted from the counters");
            Assert.That(counts[SupportCaseKind.ShipmentFailed], Is.EqualTo(Enumerable.Range(0, count).Count(i => i % 5 != 0 && i % 2 == 0)));
            Assert.That(shopPage.All(c => c.ShopId == "shop-3" && c.Kind == SupportCaseKind.ShipmentFailed && c.Status == SupportCaseStatus.Open));
            Assert.That(shopPage, Has.Count.EqualTo(Math.Min(50, Enumerable.Range(0, count).Count(i => i % 5 != 0 && i % 2 == 0 && i % 10 == 3))));
        }

        Assert.That(measured.Select(m => (m.Page, m.Counts, m.Shop)).Distinct().Count(), Is.EqualTo(1),
            "the same requests whatever the number of cases: " + string.Join(", ", measured));
        Assert.That(measured[0].Page, Is.EqualTo(1), "one request for a page of the list");
        Assert.That(measured[0].Counts, Is.EqualTo(1), "one request for the counts");
    }

    [Test]
    public async Task Paging_walks_every_open_case_once_and_resolving_moves_a_case_between_lists_and_counts()
    {
        var (store, _) = Create();
        await SeedAsync(store, 30);
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var (page, next) = await store.ListAsync(SupportCaseStatus.Open, null, null, continuation, 7, CancellationToken.None);
            seen.AddRange(page.Select(c => c.CaseId));
            continuation = next;
        }
        while (continuation is not null);

        Assert.That(seen, Is.Unique);
        Assert.That(seen, Has.Count.EqualTo(24));

        var first = seen[0];
        var (resolved, already) = await store.ResolveAsync(first, "done", "support@example.com", CancellationToken.None);
        Assert.That(already, Is.False);
        Assert.That((await store.ResolveAsync(first, "again", "support@example.com", CancellationToken.None)).AlreadyResolved, Is.True);
        Assert.That((await store.OpenCountsAsync(CancellationToken.None)).Values.Sum(), Is.EqualTo(23));
        var (resolvedList, _) = await store.ListAsync(SupportCaseStatus.Resolved, resolved!.Kind, null, null, 50, CancellationToken.None);
        Assert.That(resolvedList.Select(c => c.CaseId), Does.Contain(first));
        Assert.That((await store.ListAsync(SupportCaseStatus.Open, null, null, null, 500, CancellationToken.None)).Cases.Select(c => c.CaseId), Does.Not.Contain(first));

        Assert.That(await store.DeleteShopAsync("shop-3", CancellationToken.None), Is.EqualTo(3));
        Assert.That((await store.EveryCaseAsync()).Any(c => c.ShopId == "shop-3"), Is.False);
        // shop-3 had cases 3, 13 and 23, all open until one of them may have been the one resolved above.
        var openOfShop3 = resolved.ShopId == "shop-3" ? 2 : 3;
        Assert.That((await store.OpenCountsAsync(CancellationToken.None)).Values.Sum(), Is.EqualTo(23 - openOfShop3), "the deleted shop's open cases leave the counts");
    }

    [Test]
    public async Task The_same_key_opened_concurrently_is_one_case_and_counted_once()
    {
        var (store, _) = Create();
        var opened = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => store.OpenAsync(SupportCaseKind.ShipmentFailed,
            i % 2 == 0 ? "same-key" : $"key-{i}", "Shipment refused", "shop-1", "merchant-1", null, CancellationToken.None)));

        Assert.That(opened.Select(c => c.CaseId).Distinct().Count(), Is.EqualTo(7));
        Assert.That((await store.OpenCountsAsync(CancellationToken.None))[SupportCaseKind.ShipmentFailed], Is.EqualTo(7));
        Assert.That((await store.EveryCaseAsync()), Has.Count.EqualTo(7));
    }

    [Test]
    public async Task Cases_stored_before_the_indexes_are_indexed_and_counted_on_first_use()
    {
        var storage = TestEnvironment.Current.CreateStorage(TestEnvironment.UniquePrefix());
        var table = await storage.TableAsync(SupportCaseStore.TableName, CancellationToken.None);
        foreach (var i in Enumerable.Range(0, 5))
        {
            // The row as an earlier version wrote it: the case under its id, nothing else.
            await table.AddEntityAsync(new TableEntity(SupportCaseStore.Partition, $"c{i:x20}")
            {
                ["Kind"] = nameof(SupportCaseKind.ActivateShop), ["Status"] = i == 0 ? "Resolved" : "Open", ["ShopId"] = $"shop-{i}", ["Message"] = "Activate",
                ["CreatedAt"] = DateTimeOffset.UtcNow.AddMinutes(-i),
            });
        }

        var store = new SupportCaseStore(storage, TimeProvider.System, NullLogger<SupportCaseStore>.Instance);

        Assert.That((await store.OpenCountsAsync(CancellationToken.None))[SupportCaseKind.ActivateShop], Is.EqualTo(4));
        var (open, _) = await store.ListAsync(SupportCaseStatus.Open, null, null, null, 50, CancellationToken.None);
        Assert.That(open.Select(c => c.ShopId), Is.EqualTo(new[] { "shop-1", "shop-2", "shop-3", "shop-4" }));
        Assert.That((await store.ResolveAsync(open[0].CaseId, "activated", "support", CancellationToken.None)).Case!.Status, Is.EqualTo(SupportCaseStatus.Resolved));
        Assert.That((await store.OpenCountsAsync(CancellationToken.None))[SupportCaseKind.ActivateShop], Is.EqualTo(3));
    }

    private static (SupportCaseStore Store, string TablePrefix) Create()
    {
        var prefix = TestEnvironment.UniquePrefix();
        var storage = TestEnvironment.Current.CreateStorage(prefix);
        return (new SupportCaseStore(storage, TimeProvider.System, NullLogger<SupportCaseStore>.Instance), prefix);
    }

    /// <summary>
    /// <paramref name="count"/> cases over 10 shops: every fifth resolved, even ones ShipmentFailed, odd ones ActivateShop.
    /// </summary>
    private static async Task SeedAsync(SupportCaseStore store, int count)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var c = await store.OpenAsync(i % 2 == 0 ? SupportCaseKind.ShipmentFailed : SupportCaseKind.ActivateShop, $"seed-{i}", $"case {i}",
                $"shop-{i % 10}", "merchant-1", null, ct);
            if (i % 5 == 0)
            {
                await store.ResolveAsync(c.CaseId, "seeded resolved", "seed", ct);
            }
        });
    }
}
