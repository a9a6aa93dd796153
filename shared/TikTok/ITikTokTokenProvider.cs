namespace Connector.TikTok;

/// <summary>A shop's access token and when it stops working.</summary>
public sealed record TikTokAccessToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <summary>The app the token was granted to: every call with it is signed by that app (null: the default app).</summary>
    public string? AppKey { get; init; }

    /// <summary>Never prints the token itself.</summary>
    public override string ToString() => $"TikTokAccessToken {{ AppKey = {AppKey}, ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>
/// Where the client gets a shop's access token. The onboarding capability implements it (Key Vault);
/// the client only reads tokens and asks for a refresh when TikTok answers 105002.
/// </summary>
public interface ITikTokTokenProvider
{
    ValueTask<TikTokAccessToken> GetAccessTokenAsync(string shopId, CancellationToken cancellationToken);

    /// <summary>
    /// Refreshes the shop's token after TikTok rejected <paramref name="rejectedToken"/> as expired.
    /// Implementations must serialise refreshes per shop (one refresh per expiry, whatever TikTok does with the earlier
    /// refresh token) and may
    /// return a newer token another caller already stored instead of refreshing again.
    /// </summary>
    ValueTask<TikTokAccessToken> RefreshAsync(string shopId, string rejectedToken, CancellationToken cancellationToken);
}
