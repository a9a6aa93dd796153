using Azure;
using Connector.TikTok.Api;

namespace Connector.Tokens;

public enum AuthorizationStatus
{
    Active,

    /// <summary>The refresh failed for good; not scheduled again until the seller authorizes anew.</summary>
    ReauthorizationRequired,
}

/// <summary>
/// One seller's authorization of one app: the Key Vault secret holding its tokens (by name), expiry dates, the shops
/// it covers and the merchant it belongs to (none yet when TikTok dropped the state: support assigns it).
/// </summary>
public sealed class AuthorizationRecord
{
    public required string AuthorizationId { get; init; }
    public required string AppKey { get; set; }
    public string? OpenId { get; set; }
    public string? SellerName { get; set; }
    public string? SellerRegion { get; set; }

    /// <summary>Null while unassigned.</summary>
    public string? MerchantId { get; set; }
    public AuthorizationStatus Status { get; set; } = AuthorizationStatus.Active;
    public string SecretName => TokenStore.SecretName(AuthorizationId);
    public DateTimeOffset AccessTokenExpiresAt { get; set; }
    public DateTimeOffset RefreshTokenExpiresAt { get; set; }

    /// <summary>The shops TikTok listed for this authorization (ids, names, regions, ciphers; no tokens).</summary>
    public IReadOnlyList<TikTokAuthorizedShop> Shops { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public ETag ETag { get; set; }
}
