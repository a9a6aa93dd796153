namespace Connector.Secrets;

/// <summary>Key Vault holds every seller token; nothing else does.</summary>
public sealed class KeyVaultOptions
{
    public const string Section = "KeyVault";

    /// <summary>The vault, e.g. https://kv-abc.vault.azure.net/ (locally https://127.0.0.1:7073/).</summary>
    public Uri? Uri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty means the default credential chain.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Local use only: the PEM/DER certificate of tools/KeyVaultEmulator. When set, the SecretClient
    /// trusts exactly this certificate (nothing else is relaxed), skips the challenge resource check
    /// (the emulator is not *.vault.azure.net) and presents a development token.
    /// </summary>
    public string? EmulatorCertificatePath { get; set; }

    public bool IsEmulator => !string.IsNullOrWhiteSpace(EmulatorCertificatePath);
}
