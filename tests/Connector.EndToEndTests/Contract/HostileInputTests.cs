using System.Net;
using System.Text;
using Connector.EndToEndTests.Onboarding;
using Connector.EndToEndTests.Webhooks;
using Connector.Webhooks;
using TikTokSimulator;

namespace Connector.EndToEndTests.Contract;

/// <summary>
/// The two endpoints TikTok and the seller's browser reach without a function key, attacked through the local host:
/// the webhook (forged, replayed, stale, oversized, wrong content type, malformed) and the OAuth callback (forged or
/// unknown state, missing code, replayed, TikTok refusing the exchange). Each gets the answer its caller expects
/// (TikTok: 200 or 401 as its configuration guide documents, else problem+json; the browser: a readable HTML page) and
/// storage (tables, queues, token secret) is the same before and after.
/// </summary>
public sealed class HostileInputTests
{
    private static TikTokSimulatorServer Sim => OnboardingWorld.Sim;

    [Test]
    public async Task Hostile_webhooks_are_refused_as_TikTok_expects_and_change_nothing()
    {
        await using var world = await WebhookWorld.StartAsync();
        var order = world.NewOrder();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string Body(string id, long timestamp) =>
            $$$"""{"type":1,"tts_notification_id":"{{{id}}}","shop_id":"{{{world.ShopId}}}","timestamp":{{{timestamp}}},"data":{"order_id":"{{{order.Id}}}","order_status":"AWAITING_SHIPMENT","update_time":{{{order.UpdateTime}}}}}""";
        var fresh = Body("n-hostile", now);
        var stale = Body("n-stale", now - (long)WebhookNotification.MaxAge.TotalSeconds - 600);
        var oversized = Body("n-big", now).Replace("\"data\":{", "\"data\":{\"padding\":\"" + new string('a', WebhookReceiver.MaxBodyBytes) + "\",", StringComparison.Ordinal);
        const string form = "type=1&shop_id=123&tts_notification_id=n-form";
        var cases = new (string Name, string Body, string? Authorization, string ContentType, HttpStatusCode Expected)[]
        {
            ("forged signature", fresh, world.Sign(fresh, secret: "not-the-app-secret"), "application/json", HttpStatusCode.Unauthorized),
            ("no signature", fresh, null, "application/json", HttpStatusCode.Unauthorized),
            ("signature of another body", fresh.Replace("n-hostile", "n-other", StringComparison.Ordinal), world.Sign(fresh), "application/json", HttpStatusCode.Unauthorized),
            ("signature of another app key", fresh, WebhookVerifier.Sign("other-app", world.World.App.AppSecret, Encoding.UTF8.GetBytes(fresh)), "application/json", HttpStatusCode.Unauthorized),
            ("stale timestamp, signed", stale, world.Sign(stale), "application/json", HttpStatusCode.Unauthorized),
            ("oversized, signed", oversized, world.Sign(oversized), "application/json", HttpStatusCode.RequestEntityTooLarge),
            ("oversized, unsigned", oversized, null, "application/json", HttpStatusCode.RequestEntityTooLarge),
            ("form body, signed", form, world.Sign(form), "application/x-www-form-urlencoded", HttpStatusCode.BadRequest),
            ("text/plain, not JSON, signed", "hello", world.Sign("hello"), "text/plain", HttpStatusCode.BadRequest),
            ("malformed JSON, signed", "{\"type\":1,", world.Sign("{\"type\":1,"), "application/json", HttpStatusCode.BadRequest),
            ("JSON array, signed", "[1,2]", world.Sign("[1,2]"), "application/json", HttpStatusCode.BadRequest),
            ("type not a number, signed", """{"type":"order"}""", world.Sign("""{"type":"order"}"""), "application/json", HttpStatusCode.BadRequest),
        };

        var failures = new List<string>();
        foreach (var (name, body, authorization, contentType, expected) in cases)
        {
            var before = await StorageSnapshot.TakeAsync(world.World);
            using var request = new HttpRequestMessage(HttpMethod.Post, world.Url) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await world.World.Host.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
            {
                failures.Add($"{name}: {(int)response.StatusCode} instead of {(int)expected}: {text}");
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !text.Contains("\"reference\"", StringComparison.Ordinal))
            {
                failures.Add($"{name}: not problem+json with a reference: {response.Content.Headers.ContentType} {text}");
            }

            var difference = StorageSnapshot.Difference(before, await StorageSnapshot.TakeAsync(world.World));
            if (difference.Length > 0)
            {
                failures.Add($"{name}: storage changed: {difference}");
            }
        }

        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
        Assert.That(world.GetOrderCalls, Is.Zero, "no call to TikTok for a refused notification");
        Assert.That(await world.Notifications.ListAsync(world.ShopId, CancellationToken.None), Is.Empty);
        Assert.That(await world.Orders.GetAsync(world.ShopId, order.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_replayed_webhook_is_acknowledged_processed_once_and_changes_nothing_more()
    {
        await using var world = await WebhookWorld.StartAsync();
        var order = world.NewOrder();
        var body = $$$"""{"type":1,"tts_notification_id":"n-replay","shop_id":"{{{world.ShopId}}}","timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"data":{"order_id":"{{{order.Id}}}","order_status":"AWAITING_SHIPMENT","update_time":{{{order.UpdateTime}}}}}""";
        Assert.That(await world.PostAsync(body, world.Sign(body)), Is.EqualTo(HttpStatusCode.OK));
        await world.ProcessedAsync("n-replay");
        await Eventually.HoldsAsync(async () => await world.QueuedAsync() == 0, "the first delivery's message is gone");
        var before = await StorageSnapshot.TakeAsync(world.World);

        var replayed = await world.PostAsync(body, world.Sign(body));

        Assert.That(replayed, Is.EqualTo(HttpStatusCode.OK), "TikTok gets its 200, so it stops delivering");
        await world.LoggedAsync("Webhook n-replay of shop " + world.ShopId + " was processed before");
        await Eventually.HoldsAsync(async () => await world.QueuedAsync() == 0, "the replay's message is gone");
        var difference = StorageSnapshot.Difference(before, await StorageSnapshot.TakeAsync(world.World));
        Assert.That(difference, Is.Empty, "the replay changed storage");
        Assert.That(world.GetOrderCalls, Is.EqualTo(1), "one order fetch at TikTok");
        Assert.That((await world.NotificationAsync("n-replay"))!.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task Hostile_OAuth_callbacks_show_a_readable_page_and_change_nothing()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var tiktok = await world.OpenLinkAsync(await world.CreateLinkAsync("merchant-hostile"));
        var callback = await world.ConsentAsync(tiktok);
        var state = System.Web.HttpUtility.ParseQueryString(callback.Query)["state"]!;
        var code = System.Web.HttpUtility.ParseQueryString(callback.Query)["code"]!;
        var otherCode = Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId);
        string Callback(string query) => "api/oauth/tiktok/callback?" + query;

        var failures = new List<string>();
        async Task RefusedAsync(string name, string path, HttpStatusCode expected, string says)
        {
            var before = await StorageSnapshot.TakeAsync(world);
            var tokenCalls = Sim.Calls.Count(world.App.AppKey, "/api/v2/token/get");
            var (status, html) = await world.OpenAsync(path);
            if (status != expected)
            {
                failures.Add($"{name}: {(int)status} instead of {(int)expected}");
            }

            if (!html.Contains("<html", StringComparison.OrdinalIgnoreCase) || !html.Contains(says, StringComparison.OrdinalIgnoreCase) || !html.Contains("Reference", StringComparison.Ordinal))
            {
                failures.Add($"{name}: not a readable page saying '{says}' with a reference: {(html.Length > 300 ? html[..300] : html)}");
            }

            if (html.Contains(world.App.AppSecret, StringComparison.Ordinal))
            {
                failures.Add($"{name}: the page shows the app secret");
            }

            var difference = StorageSnapshot.Difference(before, await StorageSnapshot.TakeAsync(world));
            if (difference.Length > 0)
            {
                failures.Add($"{name}: storage changed: {difference}");
            }

            if (name != "TikTok refuses the code" && name != "TikTok fails the exchange" && Sim.Calls.Count(world.App.AppKey, "/api/v2/token/get") != tokenCalls)
            {
                failures.Add($"{name}: the code was exchanged at TikTok");
            }
        }

        await RefusedAsync("forged state", Callback($"code={Uri.EscapeDataString(otherCode)}&state={Uri.EscapeDataString(state[..^2] + "xx")}"), HttpStatusCode.BadRequest, "not one this connector issued");
        await RefusedAsync("unknown state", Callback($"code={Uri.EscapeDataString(otherCode)}&state=not-issued-here"), HttpStatusCode.BadRequest, "not one this connector issued");
        await RefusedAsync("missing code", Callback($"state={Uri.EscapeDataString(state)}"), HttpStatusCode.BadRequest, "code");
        await RefusedAsync("empty code", Callback($"code=&state={Uri.EscapeDataString(state)}"), HttpStatusCode.BadRequest, "code");
        await RefusedAsync("state of 3,000 characters", Callback($"code=x&state={new string('s', 3000)}"), HttpStatusCode.BadRequest, "state");
        await RefusedAsync("TikTok refuses the code", Callback($"code=expired-or-used&state={Uri.EscapeDataString(state)}"), HttpStatusCode.BadRequest, "TikTok did not accept");
        Sim.Faults.Add(new FaultRule { AppKey = world.App.AppKey, Path = "/api/v2/token/get", Kind = FaultKind.ServerError, Count = null });
        await RefusedAsync("TikTok fails the exchange", Callback($"code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}"), HttpStatusCode.ServiceUnavailable, "try");
        Sim.Faults.Clear(world.App.AppKey);
        await world.AssertNothingWrittenAsync();

        // The real callback still works after all that; opened again (a replay) it shows the same page and adds nothing.
        var (status, first) = await world.OpenAsync(callback);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), first);
        var beforeReplay = await StorageSnapshot.TakeAsync(world);
        var tokenCallsBeforeReplay = Sim.Calls.Count(world.App.AppKey, "/api/v2/token/get");
        var (replayStatus, replay) = await world.OpenAsync(callback);
        Assert.That(replayStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(replay, Is.EqualTo(first));
        Assert.That(StorageSnapshot.Difference(beforeReplay, await StorageSnapshot.TakeAsync(world)), Is.Empty, "the replayed callback changed storage");
        Assert.That(Sim.Calls.Count(world.App.AppKey, "/api/v2/token/get"), Is.EqualTo(tokenCallsBeforeReplay), "the replay exchanged the code again");

        // The same state with another code (a replay of the state): refused, nothing more stored.
        await RefusedAsync("used state, other code", Callback($"code={Uri.EscapeDataString(otherCode)}&state={Uri.EscapeDataString(state)}"), HttpStatusCode.BadRequest, "already used");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
    }
}
