using NUnit.Framework;

namespace Connector.Testing;

/// <summary>Base of each test assembly's [SetUpFixture]: the emulators start once per run and stop at its end.</summary>
public abstract class TestRunSetup
{
    [OneTimeSetUp]
    public Task StartEmulatorsAsync() => TestEnvironment.StartAsync();

    [OneTimeTearDown]
    public Task StopEmulatorsAsync() => TestEnvironment.StopAsync();
}
