using System.Security.Cryptography;
using System.Text;
using Connector.TikTok;

namespace Connector.Webhooks;

/// <summary>
/// Checks TikTok's webhook signature: header <c>Authorization</c> = lowercase hex HMAC-SHA256(key = app secret,
/// message = app key + raw body), compared in constant time, against every configured app (each signs its own shops'
/// notifications). Answers the app whose signature matched, or null.
/// </summary>
public sealed class WebhookVerifier(TikTokApps apps)
{
    public async Task<TikTokApp?> VerifyAsync(string? authorization, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return null;
        }

        var presented = Encoding.ASCII.GetBytes(authorization.Trim().ToLowerInvariant());
        TikTokApp? match = null;
        foreach (var app in apps.All)
        {
            var expected = Encoding.ASCII.GetBytes(Sign(app.AppKey, await apps.GetSecretAsync(app, cancellationToken), body.Span));

            // Every app is checked (no early exit), so the time taken does not tell which app came close.
            if (CryptographicOperations.FixedTimeEquals(expected, presented) && match is null)
            {
                match = app;
            }
        }

        return match;
    }

    /// <summary>Lowercase hex HMAC-SHA256(app secret, app key + body).</summary>
    public static string Sign(string appKey, string appSecret, ReadOnlySpan<byte> body)
    {
        var key = Encoding.UTF8.GetBytes(appSecret);
        var prefix = Encoding.UTF8.GetBytes(appKey);
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }
}
