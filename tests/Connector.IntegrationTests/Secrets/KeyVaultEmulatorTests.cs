using System.Net;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Connector.Secrets;
using Connector.Testing;
using KeyVaultEmulator;

namespace Connector.IntegrationTests.Secrets;

public sealed class KeyVaultEmulatorTests
{
    private static SecretClient Client() => SecretClientFactory.Create(new KeyVaultOptions
    {
        Uri = TestEnvironment.Current.KeyVault.VaultUri,
        EmulatorCertificatePath = TestEnvironment.Current.KeyVault.CertificatePath,
    });

    private static string UniqueName() => "s-" + Guid.NewGuid().ToString("N");

    [Test]
    public async Task Secret_set_through_the_real_SecretClient_reads_back_with_its_value()
    {
        var client = Client();
        var name = UniqueName();

        await client.SetSecretAsync(new KeyVaultSecret(name, "value-1") { Properties = { ContentType = "application/json" } });
        var read = await client.GetSecretAsync(name);

        Assert.That(read.Value.Value, Is.EqualTo("value-1"));
        Assert.That(read.Value.Properties.ContentType, Is.EqualTo("application/json"));
    }

    [Test]
    public async Task Setting_a_secret_again_makes_a_new_version_and_keeps_the_old_one_readable()
    {
        var client = Client();
        var name = UniqueName();

        var first = (await client.SetSecretAsync(name, "v1")).Value;
        var second = (await client.SetSecretAsync(name, "v2")).Value;

        Assert.That(second.Properties.Version, Is.Not.EqualTo(first.Properties.Version));
        Assert.That((await client.GetSecretAsync(name)).Value.Value, Is.EqualTo("v2"));
        Assert.That((await client.GetSecretAsync(name, first.Properties.Version)).Value.Value, Is.EqualTo("v1"));
        var versions = new List<string>();
        await foreach (var properties in client.GetPropertiesOfSecretVersionsAsync(name))
        {
            versions.Add(properties.Version);
        }

        Assert.That(versions, Is.EquivalentTo(new[] { first.Properties.Version, second.Properties.Version }));
    }

    [Test]
    public async Task Deleted_secret_is_gone_and_listed_no_more()
    {
        var client = Client();
        var name = UniqueName();
        await client.SetSecretAsync(name, "to-delete");

        var operation = await client.StartDeleteSecretAsync(name);
        await operation.WaitForCompletionAsync();

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));
        Assert.That(missing!.Status, Is.EqualTo(404));
        var names = new List<string>();
        await foreach (var properties in client.GetPropertiesOfSecretsAsync())
        {
            names.Add(properties.Name);
        }

        Assert.That(names, Does.Not.Contain(name));
    }

    [Test]
    public async Task Unauthenticated_request_gets_the_Key_Vault_bearer_challenge()
    {
        using var http = new HttpClient(SecretClientFactory.PinnedCertificateHandler(TestEnvironment.Current.KeyVault.CertificatePath));

        using var response = await http.GetAsync(new Uri(TestEnvironment.Current.KeyVault.VaultUri, "secrets/anything?api-version=7.5"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.That(challenge, Does.StartWith("Bearer authorization=\"https://login.microsoftonline.com/"));
        Assert.That(challenge, Does.Contain("resource=\"https://vault.azure.net\""));
    }

    [Test]
    public async Task Client_that_does_not_pin_the_emulator_certificate_refuses_the_connection()
    {
        using var http = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(TestEnvironment.Current.KeyVault.VaultUri, "secrets")));
    }

    [Test]
    public async Task Secrets_survive_an_emulator_restart()
    {
        var data = Path.Combine(TestEnvironment.Current.DataDirectory, "restart-" + Guid.NewGuid().ToString("N")[..6]);
        var name = UniqueName();
        await using (var first = await KeyVaultEmulatorServer.StartAsync(new KeyVaultEmulatorOptions { DataDirectory = data, Port = 0 }))
        {
            var client = SecretClientFactory.Create(new KeyVaultOptions { Uri = first.VaultUri, EmulatorCertificatePath = first.CertificatePath });
            await client.SetSecretAsync(name, "kept");
        }

        await using var second = await KeyVaultEmulatorServer.StartAsync(new KeyVaultEmulatorOptions { DataDirectory = data, Port = 0 });
        var restarted = SecretClientFactory.Create(new KeyVaultOptions { Uri = second.VaultUri, EmulatorCertificatePath = second.CertificatePath });

        Assert.That((await restarted.GetSecretAsync(name)).Value.Value, Is.EqualTo("kept"));
    }
}
