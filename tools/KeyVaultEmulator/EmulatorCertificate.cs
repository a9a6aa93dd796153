using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KeyVaultEmulator;

/// <summary>
/// The emulator's self-signed TLS certificate for 127.0.0.1 and localhost: generated on first start
/// and kept with the data (<c>emulator.pfx</c>), its public part written as <c>emulator.crt</c> (PEM)
/// for clients to pin.
/// </summary>
public static class EmulatorCertificate
{
    public const string PfxFileName = "emulator.pfx";
    public const string PublicFileName = "emulator.crt";

    public static X509Certificate2 LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var pfxPath = Path.Combine(dataDirectory, PfxFileName);
        if (!File.Exists(pfxPath))
        {
            using var created = Create();
            File.WriteAllBytes(pfxPath, created.Export(X509ContentType.Pfx));
            File.WriteAllText(Path.Combine(dataDirectory, PublicFileName), created.ExportCertificatePem());
        }

        return X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password: null);
    }

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Key Vault Emulator (local)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
    }
}
