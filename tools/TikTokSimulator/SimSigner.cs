using System.Security.Cryptography;
using System.Text;

namespace TikTokSimulator;

/// <summary>
/// The simulator's own implementation of TikTok's 202309 signature (deliberately not the connector's code, so a
/// bug there cannot hide itself): secret + path + sorted key/values (sign and access_token left out) + body + secret,
/// HMAC-SHA256 keyed with the secret, lowercase hex.
/// </summary>
public static class SimSigner
{
    public static string Sign(string secret, string path, IEnumerable<(string Key, string Value)> query, string body)
    {
        var pairs = query.Where(p => p.Key != "sign" && p.Key != "access_token").ToList();
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = secret + path + string.Concat(pairs.Select(p => p.Key + p.Value)) + body + secret;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(text));
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    /// <summary>Webhook signature: lowercase hex HMAC-SHA256(key = app secret, message = app key + raw body).</summary>
    public static string SignWebhook(string appKey, string secret, string body)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(appKey + body));
        return Convert.ToHexStringLower(hash);
    }
}
