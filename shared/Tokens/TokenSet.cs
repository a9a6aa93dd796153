using System.Text.Json.Serialization;

namespace Connector.Tokens;

/// <summary>
/// What one Key Vault secret holds for one seller authorization: both tokens, both expiries, the scopes and the app.
/// Never logged: <see cref="ToString"/> masks the tokens.
/// </summary>
public sealed record TokenSet
{
    [JsonPropertyName("access_token")] public required string AccessToken { get; init; }
    [JsonPropertyName("access_token_expires_at")] public required DateTimeOffset AccessTokenExpiresAt { get; init; }
    [JsonPropertyName("refresh_token")] public required string RefreshToken { get; init; }
    [JsonPropertyName("refresh_token_expires_at")] public required DateTimeOffset RefreshTokenExpiresAt { get; init; }
    [JsonPropertyName("scopes")] public IReadOnlyList<string> Scopes { get; init; } = [];
    [JsonPropertyName("app_key")] public required string AppKey { get; init; }
    [JsonPropertyName("open_id")] public string? OpenId { get; init; }

    public override string ToString() =>
        $"TokenSet {{ AppKey = {AppKey}, OpenId = {OpenId}, AccessTokenExpiresAt = {AccessTokenExpiresAt:O}, RefreshTokenExpiresAt = {RefreshTokenExpiresAt:O} }}";
}
