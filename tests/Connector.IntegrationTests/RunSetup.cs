using Connector.Testing;

namespace Connector.IntegrationTests;

/// <summary>Starts Azurite and the Key Vault emulator once for the whole assembly.</summary>
[SetUpFixture]
public sealed class RunSetup
{
    [OneTimeSetUp]
    public Task StartAsync() => TestEnvironment.StartAsync();

    [OneTimeTearDown]
    public Task StopAsync() => TestEnvironment.StopAsync();
}
