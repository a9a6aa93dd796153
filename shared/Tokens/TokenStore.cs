using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Connector.TikTok.Auth;

namespace Connector.Tokens;

/// <summary>
/// Seller tokens in Key Vault, the only place they are kept: one secret per seller authorization
/// (<c>tiktok-auth-{authorizationId}</c>), a new version per exchange or refresh.
/// </summary>
public sealed class TokenStore(SecretClient secrets)
{
    public const string SecretPrefix = "tiktok-auth-";

    public static string SecretName(string authorizationId) => SecretPrefix + authorizationId;

    public async Task<TokenSet?> GetAsync(string authorizationId, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await secrets.GetSecretAsync(SecretName(authorizationId), cancellationToken: cancellationToken);
            return JsonSerializer.Deserialize<TokenSet>(secret.Value.Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the pair as a new secret version (the previous versions stay for Key Vault's history).</summary>
    public async Task SaveAsync(string authorizationId, TokenSet tokens, CancellationToken cancellationToken)
    {
        var secret = new KeyVaultSecret(SecretName(authorizationId), JsonSerializer.Serialize(tokens));
        secret.Properties.ContentType = "application/json";
        secret.Properties.ExpiresOn = tokens.RefreshTokenExpiresAt;
        secret.Properties.Tags["authorization"] = authorizationId;
        secret.Properties.Tags["app"] = tokens.AppKey;
        await secrets.SetSecretAsync(secret, cancellationToken);
    }

    /// <summary>Deletes the authorization's secret (soft delete where the vault has it); answers whether it existed.</summary>
    public async Task<bool> DeleteAsync(string authorizationId, CancellationToken cancellationToken)
    {
        try
        {
            await secrets.StartDeleteSecretAsync(SecretName(authorizationId), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public static TokenSet From(TikTokAuthorization authorization) => new()
    {
        AccessToken = authorization.AccessToken.Value,
        AccessTokenExpiresAt = authorization.AccessToken.ExpiresAt,
        RefreshToken = authorization.RefreshToken,
        RefreshTokenExpiresAt = authorization.RefreshTokenExpiresAt,
        Scopes = authorization.GrantedScopes,
        AppKey = authorization.AppKey ?? authorization.AccessToken.AppKey ?? "",
        OpenId = authorization.OpenId,
    };
}
