namespace Connector.TikTok.Auth;

/// <summary>What a code exchange or a refresh returns. Store both tokens together, atomically.</summary>
public sealed record TikTokAuthorization
{
    public required TikTokAccessToken AccessToken { get; init; }

    /// <summary>Never logged; a refresh returns a new one and the old one may stop working.</summary>
    public required string RefreshToken { get; init; }
    public required DateTimeOffset RefreshTokenExpiresAt { get; init; }

    /// <summary>The app the seller authorized.</summary>
    public string? AppKey { get; init; }
    public string? OpenId { get; init; }
    public string? SellerName { get; init; }
    public string? SellerBaseRegion { get; init; }
    public int? UserType { get; init; }
    public IReadOnlyList<string> GrantedScopes { get; init; } = [];

    /// <summary>Never prints a token.</summary>
    public override string ToString() =>
        $"TikTokAuthorization {{ AppKey = {AppKey}, OpenId = {OpenId}, SellerName = {SellerName}, AccessTokenExpiresAt = {AccessToken.ExpiresAt:O}, RefreshTokenExpiresAt = {RefreshTokenExpiresAt:O} }}";
}

/// <summary>The token <c>data</c> on the wire: both <c>*_expire_in</c> are ABSOLUTE Unix timestamps.</summary>
internal sealed record TikTokTokenData
{
    public string AccessToken { get; set; } = "";
    public long AccessTokenExpireIn { get; set; }
    public string RefreshToken { get; set; } = "";
    public long RefreshTokenExpireIn { get; set; }
    public string? OpenId { get; set; }
    public string? SellerName { get; set; }
    public string? SellerBaseRegion { get; set; }
    public int? UserType { get; set; }
    public IReadOnlyList<string>? GrantedScopes { get; set; }

    public override string ToString() => "TikTokTokenData { (tokens masked) }";

    public TikTokAuthorization ToAuthorization(string appKey) => new()
    {
        AccessToken = new TikTokAccessToken(AccessToken, DateTimeOffset.FromUnixTimeSeconds(AccessTokenExpireIn)) { AppKey = appKey },
        AppKey = appKey,
        RefreshToken = RefreshToken,
        RefreshTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(RefreshTokenExpireIn),
        OpenId = OpenId,
        SellerName = SellerName,
        SellerBaseRegion = SellerBaseRegion,
        UserType = UserType,
        GrantedScopes = GrantedScopes ?? [],
    };
}
