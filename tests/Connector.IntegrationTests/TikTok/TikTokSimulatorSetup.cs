using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

/// <summary>Starts one TikTok Shop simulator on a free loopback port for every test in this folder.</summary>
[SetUpFixture]
public sealed class TikTokSimulatorSetup
{
    private static TikTokSimulatorServer? server;

    public static TikTokSimulatorServer Server => server ?? throw new InvalidOperationException("The simulator has not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => server = await TikTokSimulatorServer.StartAsync(new SimulatorOptions { Port = 0 }, CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
