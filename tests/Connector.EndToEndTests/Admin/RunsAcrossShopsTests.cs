using System.Net;
using Connector.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Admin;

/// <summary>GET /api/admin/runs: the task center's runs of every shop, newest first, filtered and paged.</summary>
public sealed class RunsAcrossShopsTests
{
    [Test]
    public async Task Runs_of_every_shop_are_listed_newest_first_filtered_paged_and_gone_with_their_shop()
    {
        await using var admin = await AdminWorld.StartAsync();
        var store = admin.Services.GetRequiredService<RunStore>();
        var now = DateTimeOffset.UtcNow;
        // Another shop's runs, one failed with TikTok's message and request id, one from last month.
        await store.SaveAsync(new RunRecord { ShopId = "other-shop", RunId = "r-old", Kind = RunKinds.OrderPull, Trigger = "schedule", StartedAt = now.AddDays(-40), EndedAt = now.AddDays(-40), Outcome = RunOutcome.Succeeded }, CancellationToken.None);
        await store.SaveAsync(new RunRecord
        {
            ShopId = "other-shop", RunId = "r-failed", Kind = RunKinds.InventoryPush, Trigger = "schedule", StartedAt = now.AddHours(-30), EndedAt = now.AddHours(-30),
            Outcome = RunOutcome.Failed, ErrorType = "TikTok.InvalidRequest", Error = "Product is frozen", RequestId = "2026013110000012345",
        }, CancellationToken.None);
        await admin.ActivateAsync();

        var (status, body, _) = await admin.GetAsync("api/admin/runs");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var runs = body.GetProperty("runs").EnumerateArray().ToArray();
        Assert.That(runs.Select(r => r.GetProperty("shopId").GetString()), Does.Contain(admin.ShopId).And.Contain("other-shop"));
        Assert.That(runs.Select(r => r.GetProperty("runId").GetString()), Does.Not.Contain("r-old"), "older than the default 7 days");
        var started = runs.Select(r => r.GetProperty("startedAt").GetDateTimeOffset()).ToArray();
        Assert.That(started, Is.Ordered.Descending);

        var (_, failed, _) = await admin.GetAsync("api/admin/runs?outcome=failed&kind=inventorypush");
        var only = failed.GetProperty("runs").EnumerateArray().Single();
        Assert.That(only.GetProperty("error").GetString(), Is.EqualTo("Product is frozen"));
        Assert.That(only.GetProperty("requestId").GetString(), Is.EqualTo("2026013110000012345"));

        var (_, old, _) = await admin.GetAsync($"api/admin/runs?from={Uri.EscapeDataString(now.AddDays(-41).ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(-39).ToString("O"))}");
        Assert.That(old.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString()), Is.EqualTo(new[] { "r-old" }));

        var (_, mine, _) = await admin.GetAsync($"api/admin/runs?shopId={admin.ShopId}&pageSize=1");
        Assert.That(mine.GetProperty("runs").GetArrayLength(), Is.EqualTo(1));
        var seen = new List<string?> { mine.GetProperty("runs")[0].GetProperty("runId").GetString() };
        var token = mine.GetProperty("continuationToken").GetString();
        while (token is not null)
        {
            var (_, page, _) = await admin.GetAsync($"api/admin/runs?shopId={admin.ShopId}&pageSize=1&continuationToken={Uri.EscapeDataString(token)}");
            seen.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString()));
            token = page.GetProperty("continuationToken").GetString();
        }

        var direct = (await store.ListAsync(admin.ShopId, null, null, null, 100, CancellationToken.None)).Runs.Select(r => r.RunId).ToArray();
        Assert.That(seen, Is.EqualTo(direct), "the same runs, in the same order, as the shop's own list");

        var (bad, problem, type) = await admin.GetAsync("api/admin/runs?from=yesterday&outcome=Exploded&kind=Nap");
        Assert.That(bad, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(type, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "from", "outcome", "kind" }));

        var (deleted, _, _) = await admin.SendAsync(HttpMethod.Delete, $"api/admin/shops/{admin.ShopId}?confirm={admin.ShopId}");
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.OK));
        var (_, after, _) = await admin.GetAsync($"api/admin/runs?shopId={admin.ShopId}");
        Assert.That(after.GetProperty("runs").GetArrayLength(), Is.Zero);
    }
}
