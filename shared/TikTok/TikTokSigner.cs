using System.Security.Cryptography;
using System.Text;

namespace Connector.TikTok;

/// <summary>
/// Signs Open API calls (version 202309) exactly as TikTok checks them:
/// <c>hex(HMAC-SHA256(app_secret, app_secret + path + sorted "{key}{value}" + body + app_secret))</c>, lowercase.
/// </summary>
public static class TikTokSigner
{
    /// <summary>Query parameters that are never part of the string to sign.</summary>
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal) { "sign", "access_token" };

    /// <param name="appSecret">The app secret: both the HMAC key and the wrapper of the string to sign.</param>
    /// <param name="path">The request path only (no host, no query), e.g. <c>/order/202309/orders/search</c>.</param>
    /// <param name="query">The query parameters as sent, not URL-encoded.</param>
    /// <param name="body">The exact JSON body sent, or null when there is none (multipart bodies are never signed).</param>
    /// <returns>The signature as lowercase hex.</returns>
    public static string Sign(string appSecret, string path, IEnumerable<KeyValuePair<string, string>> query, string? body)
    {
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(query);

        var toSign = new StringBuilder(appSecret).Append(path);
        foreach (var parameter in query.Where(p => !Excluded.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            toSign.Append(parameter.Key).Append(parameter.Value);
        }

        if (!string.IsNullOrEmpty(body))
        {
            toSign.Append(body);
        }

        toSign.Append(appSecret);

        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(toSign.ToString()));
        return Convert.ToHexStringLower(hash);
    }
}
