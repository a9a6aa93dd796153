using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace Connector.Secrets;

/// <summary>Builds the one SecretClient the connector uses, for Azure or for the local emulator.</summary>
public static class SecretClientFactory
{
    public static SecretClient Create(KeyVaultOptions options)
    {
        if (options.Uri is null)
        {
            throw new InvalidOperationException("KeyVault:Uri is not set.");
        }

        var clientOptions = new SecretClientOptions();
        clientOptions.Retry.MaxRetries = 3;
        TokenCredential credential;
        if (options.IsEmulator)
        {
            if (!options.Uri.IsLoopback)
            {
                throw new InvalidOperationException("KeyVault:EmulatorCertificatePath may only be used with a loopback KeyVault:Uri.");
            }

            clientOptions.DisableChallengeResourceVerification = true;
            clientOptions.Transport = new HttpClientTransport(PinnedCertificateHandler(options.EmulatorCertificatePath!));
            credential = new EmulatorCredential();
        }
        else
        {
            credential = string.IsNullOrWhiteSpace(options.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        }

        return new SecretClient(options.Uri, credential, clientOptions);
    }

    /// <summary>A handler that accepts the emulator's self-signed certificate and no other untrusted one.</summary>
    internal static SocketsHttpHandler PinnedCertificateHandler(string certificatePath)
    {
        using var pinned = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        var pinnedThumbprint = pinned.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None
                    || (certificate is not null
                        && string.Equals(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), pinnedThumbprint, StringComparison.OrdinalIgnoreCase)),
            },
        };
    }
}
