using System.Text;
using Connector.Webhooks;
using TikTokSimulator;

namespace Connector.UnitTests.Webhooks;

public sealed class WebhookNotificationTests
{
    [Test]
    public void Signature_is_lowercase_hex_HMAC_of_app_key_and_body_as_the_simulator_signs_it()
    {
        const string body = """{"type":1,"tts_notification_id":"n1","shop_id":"s1","timestamp":1700000000,"data":{"order_id":"o1"}}""";

        var signature = WebhookVerifier.Sign("app-key", "app-secret", Encoding.UTF8.GetBytes(body));

        Assert.That(signature, Is.EqualTo(SimSigner.SignWebhook("app-key", "app-secret", body)));
        Assert.That(signature, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void A_notification_is_parsed_with_its_data()
    {
        var n = WebhookNotification.Parse("""{"type":1,"tts_notification_id":"n1","shop_id":"s1","timestamp":1700000000,"data":{"order_id":"576","update_time":1700000100}}""");

        Assert.That(n, Is.Not.Null);
        Assert.That(n!.Type, Is.EqualTo(1));
        Assert.That(n.NotificationId, Is.EqualTo("n1"));
        Assert.That(n.ShopId, Is.EqualTo("s1"));
        Assert.That(n.DataText("order_id"), Is.EqualTo("576"));
        Assert.That(n.DataLong("update_time"), Is.EqualTo(1700000100));
        Assert.That(n.DataText("missing"), Is.Null);
    }

    [Test]
    public void Numeric_ids_are_read_as_text()
    {
        var n = WebhookNotification.Parse("""{"type":"6","tts_notification_id":7301,"shop_id":7494000000000001}""");

        Assert.That(n, Is.Not.Null);
        Assert.That(n!.Type, Is.EqualTo(6));
        Assert.That(n.NotificationId, Is.EqualTo("7301"));
        Assert.That(n.ShopId, Is.EqualTo("7494000000000001"));
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("""{"tts_notification_id":"n1"}""")]
    [TestCase("""{"type":"order","tts_notification_id":"n1"}""")]
    public void A_body_without_an_integer_type_is_malformed(string body) =>
        Assert.That(WebhookNotification.Parse(body), Is.Null);

    [Test]
    public void A_body_without_a_notification_id_gets_a_stable_id_from_its_content()
    {
        // TikTok's reference documents type 3 (recipient address update) without tts_notification_id.
        const string body = """{"type":3,"shop_id":"s1","timestamp":1644412885,"data":{"order_id":"576","update_time":1644412885}}""";

        var first = WebhookNotification.Parse(body)!;
        var again = WebhookNotification.Parse(body)!;
        var other = WebhookNotification.Parse(body.Replace("576", "577", StringComparison.Ordinal))!;

        Assert.That(first.NotificationId, Does.StartWith("body-sha256:"));
        Assert.That(again.NotificationId, Is.EqualTo(first.NotificationId));
        Assert.That(other.NotificationId, Is.Not.EqualTo(first.NotificationId));
        Assert.That(WebhookNotification.Parse("""{"type":1,"tts_notification_id":""}""")!.NotificationId, Does.StartWith("body-sha256:"));
    }

    [TestCase(-1, false)]
    [TestCase(15.6, false)]
    [TestCase(23.9, false)]
    [TestCase(24.1, true)]
    [TestCase(24 * 30, true)]
    public void A_notification_older_than_TikToks_last_retry_is_stale(double hoursOld, bool stale)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var timestamp = now.AddHours(-hoursOld).ToUnixTimeSeconds();

        var n = WebhookNotification.Parse($$$"""{"type":1,"tts_notification_id":"n1","shop_id":"s1","timestamp":{{{timestamp}}},"data":{}}""")!;

        Assert.That(n.IsStale(now), Is.EqualTo(stale));
        Assert.That(WebhookNotification.Parse("""{"type":3,"shop_id":"s1","data":{}}""")!.IsStale(now), Is.False, "no timestamp: not stale");
    }
}
