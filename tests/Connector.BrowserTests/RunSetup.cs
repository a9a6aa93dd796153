using Connector.Testing;

namespace Connector.BrowserTests;

/// <summary>Starts Azurite, the Key Vault emulator and the TikTok simulator once for every test in this assembly.</summary>
[SetUpFixture]
public sealed class RunSetup : TestRunSetup;
