using Azure.Core;

namespace Connector.Secrets;

/// <summary>
/// The token presented to tools/KeyVaultEmulator after its 401 challenge. The emulator accepts any
/// bearer token; this credential is only ever used when <see cref="KeyVaultOptions.IsEmulator"/> is set.
/// </summary>
internal sealed class EmulatorCredential : TokenCredential
{
    private static readonly AccessToken Token = new("local-emulator-token", DateTimeOffset.MaxValue);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
}
