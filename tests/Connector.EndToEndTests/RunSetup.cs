using Connector.Testing;

namespace Connector.EndToEndTests;

/// <summary>Starts Azurite and the Key Vault emulator once for every test in this assembly.</summary>
[SetUpFixture]
public sealed class RunSetup : TestRunSetup;
