using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Connector.TikTok;
using Microsoft.AspNetCore.Http;

namespace Connector.Onboarding;

/// <summary>A link a merchant opens to authorize the connector.</summary>
public sealed record OnboardingLink(Uri Url, string MerchantId, string Region, string AppKey, DateTimeOffset ExpiresAt);

/// <summary>
/// Signed, expiring onboarding links: <c>/api/oauth/tiktok/authorize?merchant=&amp;region=&amp;expires=&amp;sig=</c>, where
/// sig = HMAC-SHA256 over merchant, region and expiry with a key kept in Key Vault (created on first use).
/// </summary>
public sealed class OnboardingLinks(OnboardingOptions options, TikTokApps apps, SecretClient secrets, TimeProvider time)
{
    public const string AuthorizePath = "api/oauth/tiktok/authorize";

    private byte[]? key;

    /// <summary>A link for <paramref name="merchantId"/>'s seller in <paramref name="region"/>; throws when no app serves the region.</summary>
    public async Task<OnboardingLink> CreateAsync(string merchantId, string region, Uri? baseUrl, CancellationToken cancellationToken)
    {
        var app = apps.ForRegion(region) ?? throw new ArgumentException($"No TikTok app serves region {region}.", nameof(region));
        var expires = time.GetUtcNow() + options.LinkLifetime;
        var expiresText = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = await SignAsync(merchantId, region, expiresText, cancellationToken);
        var root = options.PublicBaseUrl ?? baseUrl ?? FromHostName() ?? new Uri("http://127.0.0.1:7071/");
        var url = new Uri(new Uri(root.ToString().TrimEnd('/') + "/"), AuthorizePath
            + $"?merchant={Uri.EscapeDataString(merchantId)}&region={Uri.EscapeDataString(region)}&expires={expiresText}&sig={sig}");
        return new OnboardingLink(url, merchantId, region, app.AppKey, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>Checks a link's query; the reason is null when it is valid.</summary>
    public async Task<(string? MerchantId, string? Region, string? Reason)> VerifyAsync(AuthorizeLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var (merchant, region, expires, sig) = (link.Merchant, link.Region, link.Expires, link.Signature);
        if (merchant.Length == 0 || region.Length == 0 || expires.Length == 0 || sig.Length == 0)
        {
            return (null, null, "the link is incomplete");
        }

        var expected = await SignAsync(merchant, region, expires, cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(sig)))
        {
            return (null, null, "the link signature does not match");
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || DateTimeOffset.FromUnixTimeSeconds(unix) <= time.GetUtcNow())
        {
            return (null, null, "the link has expired");
        }

        return (merchant, region, null);
    }

    private Uri? FromHostName() => options.HostName is { Length: > 0 } host ? new Uri($"https://{host}/") : null;

    private async Task<string> SignAsync(string merchant, string region, string expires, CancellationToken cancellationToken)
    {
        var signingKey = await KeyAsync(cancellationToken);
        var hash = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes($"{merchant}\n{region}\n{expires}"));
        return Convert.ToHexStringLower(hash);
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (key is { } known)
        {
            return known;
        }

        try
        {
            key = Convert.FromBase64String((await secrets.GetSecretAsync(options.LinkSigningKeySecretName, cancellationToken: cancellationToken)).Value.Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await secrets.SetSecretAsync(options.LinkSigningKeySecretName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
            // Read back the latest version: two instances creating it at once both end up with the one that won.
            key = Convert.FromBase64String((await secrets.GetSecretAsync(options.LinkSigningKeySecretName, cancellationToken: cancellationToken)).Value.Value);
        }

        return key;
    }
}
