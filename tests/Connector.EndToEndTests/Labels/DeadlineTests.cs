using System.Net;
using System.Text.Json;
using Connector.Orders;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Labels;

/// <summary>TikTok's ship-by deadlines on the orders: the back-office list filters and sorts by them, the admin summary counts them.</summary>
public sealed class DeadlineTests
{
    private static TikTokSimulator.TikTokSimulatorServer Sim => LabelsWorld.Sim;

    [Test]
    public async Task Orders_are_filtered_and_sorted_by_ship_by_and_the_summary_counts_late_and_due_per_shop()
    {
        await using var world = await LabelsWorld.StartAsync();
        var now = DateTimeOffset.UtcNow;

        // A fixed-offset zone where it is about noon now, so "today" has hours left whenever the test runs.
        var offset = 12 - now.UtcDateTime.Hour;
        var zoneId = offset == 0 ? "Etc/GMT" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
        var (tomorrowStart, _) = DeadlineRules.DayBoundaries(now, DeadlineRules.Zone(zoneId)!);
        var due = new Dictionary<string, DateTimeOffset>
        {
            ["late"] = now.AddHours(-3),
            ["today"] = now.AddHours(3),
            ["tomorrow"] = tomorrowStart.AddHours(12),
            ["later"] = tomorrowStart.AddDays(3),
        };
        var generated = Sim.State.GenerateOrders(world.Us.Id, 4, seed: 31, status: TikTokOrderStatus.AwaitingShipment);
        var ids = new Dictionary<string, string>();
        foreach (var (name, order) in due.Keys.Zip(generated))
        {
            Sim.State.UseTikTokShipping(world.Us.Id, order.Id);
            var at = due[name].ToUnixTimeSeconds();
            Sim.State.SetDeadlines(world.Us.Id, order.Id, rtsSlaTime: at, ttsSlaTime: at + 3600, shippingDueTime: at + 7200, collectionDueTime: at + 10800);
            await world.ImportAsync(world.Us, order.Id);
            ids[name] = order.Id;
        }

        async Task<List<string>> ListAsync(string query)
        {
            var (status, body) = await world.GetAsync($"api/merchants/{LabelsWorld.MerchantId}/orders?{query}");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
            return body.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!).ToList();
        }

        Assert.That(await ListAsync("due=late"), Is.EqualTo(new[] { ids["late"] }));
        Assert.That(await ListAsync($"due=today,tomorrow&timeZone={Uri.EscapeDataString(zoneId)}"), Is.EquivalentTo(new[] { ids["today"], ids["tomorrow"] }));
        Assert.That(await ListAsync("sort=shipBy"), Is.EqualTo(new[] { ids["late"], ids["today"], ids["tomorrow"], ids["later"] }));
        Assert.That(await ListAsync($"shipByAfter={Uri.EscapeDataString(tomorrowStart.ToString("O"))}&sort=-shipBy"), Is.EqualTo(new[] { ids["later"], ids["tomorrow"] }));

        var (_, firstPage) = await world.GetAsync($"api/merchants/{LabelsWorld.MerchantId}/orders?sort=-shipBy&pageSize=3");
        var token = firstPage.GetProperty("continuationToken").GetString()!;
        Assert.That(firstPage.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()), Is.EqualTo(new[] { ids["later"], ids["tomorrow"], ids["today"] }));
        Assert.That(await ListAsync($"sort=-shipBy&pageSize=3&continuationToken={Uri.EscapeDataString(token)}"), Is.EqualTo(new[] { ids["late"] }));

        var (_, one) = await world.GetAsync($"api/merchants/{LabelsWorld.MerchantId}/orders?due=late");
        var deadlines = one.GetProperty("orders")[0].GetProperty("deadlines");
        Assert.That(deadlines.GetProperty("shipBy").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(due["late"].ToUnixTimeSeconds())));
        Assert.That(deadlines.GetProperty("collectBy").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(due["late"].ToUnixTimeSeconds() + 3600)));

        foreach (var bad in new[] { "due=yesterday", "sort=price", "timeZone=Mars/Olympus", "shipByBefore=soon" })
        {
            var (status, problem) = await world.GetAsync($"api/merchants/{LabelsWorld.MerchantId}/orders?{bad}");
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), bad);
            Assert.That(problem.GetProperty("errors").EnumerateObject().Count(), Is.EqualTo(1), problem.ToString());
        }

        var summary = await SummaryAsync(world, zoneId);
        Assert.That(summary.GetProperty("late").GetInt32(), Is.EqualTo(1), summary.ToString());
        Assert.That(summary.GetProperty("dueToday").GetInt32(), Is.EqualTo(1));
        Assert.That(summary.GetProperty("dueTomorrow").GetInt32(), Is.EqualTo(1));
        var shop = summary.GetProperty("byShop").EnumerateArray().Single();
        Assert.That(shop.GetProperty("shopId").GetString(), Is.EqualTo(world.Us.Id));
        Assert.That(shop.GetProperty("late").GetInt32(), Is.EqualTo(1));

        var (labelled, label) = await world.PostLabelAsync(ids["late"], LabelsWorld.LabelBody());
        Assert.That(labelled, Is.EqualTo(HttpStatusCode.Created), label.ToString());
        Assert.That((await SummaryAsync(world, zoneId)).GetProperty("late").GetInt32(), Is.Zero, "a shipped order is not late");
        Assert.That(await ListAsync("due=late"), Is.Empty);
    }

    private static async Task<JsonElement> SummaryAsync(LabelsWorld world, string zoneId)
    {
        await world.Services.GetRequiredService<Connector.Admin.Summary.DashboardRollup>().RefreshAsync(CancellationToken.None); // what the timer does every 5 minutes
        var (status, body) = await world.GetAsync($"api/admin/summary?timeZone={Uri.EscapeDataString(zoneId)}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body.GetProperty("shipByDeadlines");
    }
}
