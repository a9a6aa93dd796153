using Connector.Testing;
using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

/// <summary>The run's TikTok Shop simulator (started once per assembly by <see cref="TestEnvironment"/>).</summary>
public static class TikTokSimulatorSetup
{
    public static TikTokSimulatorServer Server => TestEnvironment.Current.Simulator;
}
