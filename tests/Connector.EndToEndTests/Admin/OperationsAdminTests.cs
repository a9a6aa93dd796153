using System.Net;
using Azure.Storage.Queues;
using Connector.Audit;
using Connector.Messaging;
using Connector.Orders;
using Connector.Runs;
using Connector.Storage;
using Connector.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Admin;

/// <summary>Runs, support cases, failed messages and the dashboard over HTTP.</summary>
public sealed class OperationsAdminTests
{
    [Test]
    public async Task Runs_are_listed_by_kind_and_outcome_and_read_one_by_one()
    {
        await using var admin = await AdminWorld.StartAsync();
        await admin.ActivateAsync();
        var (status, list, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}/runs?kind=orderpull&outcome=Succeeded");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), list.ToString());
        var runs = list.GetProperty("runs").EnumerateArray().ToArray();
        Assert.That(runs, Has.Length.EqualTo(1));
        var runId = runs[0].GetProperty("runId").GetString();
        Assert.That((await admin.GetAsync($"api/admin/shops/{admin.ShopId}/runs?outcome=Failed")).Body.GetProperty("runs").GetArrayLength(), Is.Zero);

        var (one, run, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}/runs/{runId}");
        Assert.That(one, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(run.GetProperty("trigger").GetString(), Is.EqualTo("activation"));
        Assert.That((await admin.GetAsync($"api/admin/shops/{admin.ShopId}/runs/nope")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await admin.GetAsync($"api/admin/shops/nope/runs")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await admin.GetAsync($"api/admin/shops/{admin.ShopId}/runs?outcome=Maybe")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.GetAsync($"api/admin/shops/{admin.ShopId}/runs?kind=Dance")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Open_cases_are_listed_and_resolved_with_a_note_once()
    {
        await using var admin = await AdminWorld.StartAsync();
        var (status, list, _) = await admin.GetAsync("api/admin/cases");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var open = list.GetProperty("cases").EnumerateArray().ToArray();
        Assert.That(open.Select(c => c.GetProperty("kind").GetString()), Is.EqualTo(new[] { nameof(SupportCaseKind.ActivateShop) }));
        var caseId = open[0].GetProperty("caseId").GetString();

        Assert.That((await admin.PostAsync($"api/admin/cases/{caseId}/resolve", new { note = " " })).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.PostAsync("api/admin/cases/cnope/resolve", new { note = "done" })).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await admin.GetAsync("api/admin/cases?status=Closed")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var (resolved, body, _) = await admin.PostAsync($"api/admin/cases/{caseId}/resolve", new { note = "Merchant asked to wait until Monday." });
        Assert.That(resolved, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("resolvedBy").GetString(), Is.EqualTo("alice"));
        Assert.That((await admin.PostAsync($"api/admin/cases/{caseId}/resolve", new { note = "again" })).Status, Is.EqualTo(HttpStatusCode.Conflict));

        Assert.That((await admin.GetAsync("api/admin/cases")).Body.GetProperty("cases").GetArrayLength(), Is.Zero);
        var (_, done, _) = await admin.GetAsync($"api/admin/cases?status=Resolved&shopId={admin.ShopId}");
        Assert.That(done.GetProperty("cases")[0].GetProperty("resolutionNote").GetString(), Is.EqualTo("Merchant asked to wait until Monday."));
        var (_, audit, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}/audit");
        Assert.That(audit.GetProperty("entries")[0].GetProperty("action").GetString(), Is.EqualTo(AuditActions.ResolveCase));
    }

    [Test]
    public async Task A_replayed_poison_message_goes_back_to_its_queue_and_is_processed()
    {
        await using var admin = await AdminWorld.StartAsync();
        await admin.ActivateAsync();
        var queues = admin.Services.GetRequiredService<QueueNames>();
        var storage = admin.Services.GetRequiredService<StorageClients>();
        var poison = await storage.QueueAsync(queues.OrderPull + "-poison", CancellationToken.None);
        await poison.SendMessageAsync(BinaryData.FromObjectAsJson(new OrderPullMessage(admin.ShopId, "replayed-test"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        await poison.SendMessageAsync(BinaryData.FromString("{\"shopId\":\"gone\",\"accessToken\":\"must-not-show\"}"));

        var (status, list, _) = await admin.GetAsync($"api/admin/failed-messages?queue={queues.OrderPull}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), list.ToString());
        var messages = list.GetProperty("queues")[0].GetProperty("messages").EnumerateArray().ToArray();
        Assert.That(messages, Has.Length.EqualTo(2));
        Assert.That(list.ToString(), Does.Not.Contain("must-not-show"));
        var ours = messages.Single(m => m.GetProperty("shopId").GetString() == admin.ShopId);
        Assert.That(ours.GetProperty("summary").GetString(), Does.Contain("replayed-test"));
        var other = messages.Single(m => m.GetProperty("shopId").GetString() == "gone").GetProperty("messageId").GetString();

        Assert.That((await admin.PostAsync($"api/admin/failed-messages/{queues.OrderPull}/nope/replay")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await admin.PostAsync($"api/admin/failed-messages/no-queue/{other}/replay")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await admin.GetAsync("api/admin/failed-messages?queue=no-queue")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var (replayed, _, _) = await admin.PostAsync($"api/admin/failed-messages/{queues.OrderPull}/{ours.GetProperty("messageId").GetString()}/replay");
        Assert.That(replayed, Is.EqualTo(HttpStatusCode.OK));
        var runs = admin.Services.GetRequiredService<RunStore>();
        await Eventually.HoldsAsync(
            async () => (await runs.ListAsync(admin.ShopId, RunKinds.OrderPull, RunOutcome.Succeeded, null, 10, CancellationToken.None)).Runs.Any(r => r.Trigger == "replayed-test"),
            "the replayed pull to run");

        Assert.That((await admin.SendAsync(HttpMethod.Delete, $"api/admin/failed-messages/{queues.OrderPull}/{other}")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.SendAsync(HttpMethod.Delete, $"api/admin/failed-messages/{queues.OrderPull}/{other}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount, Is.Zero);

        await poison.SendMessageAsync(BinaryData.FromObjectAsJson(new OrderPullMessage(admin.ShopId, "replay-all"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        var (all, allBody, _) = await admin.PostAsync($"api/admin/failed-messages/{queues.OrderPull}/replay");
        Assert.That(all, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(allBody.GetProperty("replayedCount").GetInt32(), Is.EqualTo(1));
        await Eventually.HoldsAsync(
            async () => (await runs.ListAsync(admin.ShopId, RunKinds.OrderPull, RunOutcome.Succeeded, null, 10, CancellationToken.None)).Runs.Any(r => r.Trigger == "replay-all"),
            "the replayed-all pull to run");
        var (_, global, _) = await admin.GetAsync("api/admin/audit");
        Assert.That(global.GetProperty("entries")[0].GetProperty("action").GetString(), Is.EqualTo(AuditActions.ReplayAllMessages));
    }

    [Test]
    public async Task A_message_that_keeps_failing_shows_its_last_error_with_TikToks_request_id_and_when_in_failed_messages()
    {
        await using var admin = await AdminWorld.StartAsync();
        await admin.ActivateAsync();
        var sim = Onboarding.OnboardingWorld.Sim;
        sim.Faults.Add(new TikTokSimulator.FaultRule { AppKey = admin.World.App.AppKey, Path = "/order/202309/orders/search", Kind = TikTokSimulator.FaultKind.ServerError, Count = null });
        var queues = admin.Services.GetRequiredService<QueueNames>();
        var startedAt = DateTimeOffset.UtcNow;

        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/sync/orders")).Status, Is.EqualTo(HttpStatusCode.Accepted));
        System.Text.Json.JsonElement message = default;
        await Eventually.HoldsAsync(async () =>
        {
            var (_, list, _) = await admin.GetAsync($"api/admin/failed-messages?queue={queues.OrderPull}");
            var messages = list.GetProperty("queues")[0].GetProperty("messages");
            message = messages.GetArrayLength() > 0 ? messages[0] : default;
            return messages.GetArrayLength() > 0;
        }, "the pull message in the poison queue", TimeSpan.FromSeconds(60));

        var lastError = message.GetProperty("lastError");
        Assert.That(lastError.ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Object), message.ToString());
        Assert.That(lastError.GetProperty("errorType").GetString(), Is.EqualTo("TikTok.Transient"));
        Assert.That(lastError.GetProperty("error").GetString(), Does.Contain("internal error"));
        Assert.That(lastError.GetProperty("tikTokRequestId").GetString(), Is.Not.Empty);
        Assert.That(lastError.GetProperty("tikTokCode").GetInt64(), Is.EqualTo(36009003));
        Assert.That(lastError.GetProperty("at").GetDateTimeOffset(), Is.GreaterThanOrEqualTo(startedAt));
        Assert.That(lastError.GetProperty("failures").GetInt32(), Is.EqualTo(5), "every try failed");
    }

    [Test]
    public async Task The_summary_counts_shops_orders_cases_poison_messages_and_sales()
    {
        await using var admin = await AdminWorld.StartAsync();
        var generated = Onboarding.OnboardingWorld.Sim.State.GenerateOrders(admin.ShopId, 5, seed: 9, from: DateTimeOffset.UtcNow.AddDays(-3), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: "AWAITING_SHIPMENT");
        await admin.ActivateAsync();
        await admin.Services.GetRequiredService<Connector.Admin.Summary.DashboardRollup>().RefreshAsync(CancellationToken.None); // what the timer does every 5 minutes
        var (status, summary, _) = await admin.GetAsync("api/admin/summary");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), summary.ToString());
        Assert.That(summary.GetProperty("shopsByStatus").GetProperty("Active").GetInt32(), Is.EqualTo(1));
        Assert.That(summary.GetProperty("ordersByState").GetProperty("Pending").GetInt32(), Is.EqualTo(5), "no catalog: every order waits for SKUs");
        Assert.That(summary.GetProperty("ordersImportedLast24Hours").GetInt32(), Is.EqualTo(5));
        Assert.That(summary.GetProperty("topMissingSkus").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(summary.GetProperty("openCases").GetProperty("total").GetInt32(), Is.Zero);
        Assert.That(summary.GetProperty("poisonMessages").EnumerateObject().Count(), Is.EqualTo(QueueNames.Defaults.Count));
        var days = summary.GetProperty("grossSalesPerDay").EnumerateArray().ToArray();
        Assert.That(days, Has.Length.EqualTo(30));
        var gross = days.SelectMany(d => d.GetProperty("byCurrency").EnumerateObject()).Sum(c => c.Value.GetProperty("gross").GetDecimal());
        Assert.That(gross, Is.EqualTo(generated.Sum(o => o.Payment.TotalAmount)));
    }
}
