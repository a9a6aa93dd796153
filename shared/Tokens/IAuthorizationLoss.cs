using Connector.TikTok;

namespace Connector.Tokens;

/// <summary>
/// What happens when TikTok no longer accepts an authorization (a refresh or a call failed for good, or the seller
/// deauthorized the app). Tokens only reports it; the shop lifecycle (<c>Onboarding.AuthorizationLifecycle</c>) owns what
/// follows: the authorization and its shops become ReauthorizationRequired and support gets a case with a fresh link.
/// </summary>
public interface IAuthorizationLoss
{
    /// <summary>Idempotent: a second call for the same authorization changes nothing and opens no second case. <paramref name="cause"/> is shown to support (never a token).</summary>
    Task LostAsync(string authorizationId, string cause, CancellationToken cancellationToken);
}

public static class AuthorizationLossExtensions
{
    /// <summary>The authorization was refused by TikTok with <paramref name="error"/> (its code is the cause shown).</summary>
    public static Task LostAsync(this IAuthorizationLoss loss, string authorizationId, TikTokException error, CancellationToken cancellationToken) =>
        loss.LostAsync(authorizationId, $"code {error.Code}", cancellationToken);
}
