using Connector.TikTok;

namespace Connector.UnitTests.TikTok;

public sealed class TikTokSignerTests
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    [Test]
    public void Public_test_vector_signs_to_the_published_lowercase_hex()
    {
        var sign = TikTokSigner.Sign("app_secret", "/test-api", [P("foo", "bar")], body: null);

        Assert.That(sign, Is.EqualTo("d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f"));
    }

    [Test]
    public void Sign_and_access_token_parameters_are_left_out()
    {
        var plain = TikTokSigner.Sign("app_secret", "/test-api", [P("foo", "bar")], null);
        var withExcluded = TikTokSigner.Sign("app_secret", "/test-api", [P("sign", "abc"), P("foo", "bar"), P("access_token", "xyz")], null);

        Assert.That(withExcluded, Is.EqualTo(plain));
    }

    [Test]
    public void Keys_are_sorted_ordinally_whatever_order_they_come_in()
    {
        var sorted = TikTokSigner.Sign("s", "/p", [P("B", "1"), P("a", "2"), P("timestamp", "3")], null);
        var shuffled = TikTokSigner.Sign("s", "/p", [P("timestamp", "3"), P("a", "2"), P("B", "1")], null);

        // Ordinal: "B" (0x42) sorts before "a" (0x61), unlike a culture-aware comparison.
        Assert.That(shuffled, Is.EqualTo(sorted));
        Assert.That(sorted, Is.EqualTo(Reference("s", "s/pB1a2timestamp3s")));
    }

    [Test]
    public void Body_is_appended_after_the_parameters()
    {
        const string body = "{\"order_status\":\"AWAITING_SHIPMENT\"}";

        var sign = TikTokSigner.Sign("s", "/order/202309/orders/search", [P("app_key", "k")], body);

        Assert.That(sign, Is.EqualTo(Reference("s", "s/order/202309/orders/searchapp_keyk" + body + "s")));
        Assert.That(sign, Is.Not.EqualTo(TikTokSigner.Sign("s", "/order/202309/orders/search", [P("app_key", "k")], null)));
    }

    [Test]
    public void Values_are_signed_raw_not_url_encoded()
    {
        var sign = TikTokSigner.Sign("s", "/p", [P("ids", "1,2 3")], null);

        Assert.That(sign, Is.EqualTo(Reference("s", "s/pids1,2 3s")));
    }

    private static string Reference(string secret, string text)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(secret));
        return Convert.ToHexString(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }
}
