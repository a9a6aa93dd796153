using Connector.Messaging;
using Connector.Storage;
using KeyVaultEmulator;
using TikTokSimulator;
using Microsoft.Extensions.Configuration;

namespace Connector.Testing;

/// <summary>
/// The real parts every integration and end-to-end test uses, started once per test run (per test
/// assembly) by that assembly's [SetUpFixture]: Azurite, the Key Vault emulator and the TikTok Shop simulator on loopback.
/// Each test asks <see cref="CreateSettings"/> for its own table and queue prefix, so tests run in
/// parallel and never see each other's data.
/// </summary>
public sealed class TestEnvironment : IAsyncDisposable
{
    private static TestEnvironment? current;

    private TestEnvironment(Azurite azurite, KeyVaultEmulatorServer keyVault, TikTokSimulatorServer simulator, string dataDirectory)
    {
        Azurite = azurite;
        KeyVault = keyVault;
        Simulator = simulator;
        DataDirectory = dataDirectory;
    }

    public static TestEnvironment Current => current ?? throw new InvalidOperationException("The test environment is not started: is the assembly's [SetUpFixture] missing?");

    public Azurite Azurite { get; }

    public KeyVaultEmulatorServer KeyVault { get; }

    /// <summary>The TikTok Shop simulator; each test creates its own app, seller and shops in it.</summary>
    public TikTokSimulatorServer Simulator { get; }

    public string DataDirectory { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static async Task<TestEnvironment> StartAsync()
    {
        if (current is not null)
        {
            return current;
        }

        var data = Path.Combine(Path.GetTempPath(), "connector-tests-" + Guid.NewGuid().ToString("N")[..8]);
        var azuriteTask = Azurite.StartAsync(RepositoryRoot);
        var keyVault = await KeyVaultEmulatorServer.StartAsync(new KeyVaultEmulatorOptions { DataDirectory = Path.Combine(data, "keyvault"), Port = 0 });
        var simulator = await TikTokSimulatorServer.StartAsync(new SimulatorOptions { Port = 0 }, CancellationToken.None);
        current = new TestEnvironment(await azuriteTask, keyVault, simulator, data);
        return current;
    }

    public static async Task StopAsync()
    {
        if (current is { } environment)
        {
            current = null;
            await environment.DisposeAsync();
        }
    }

    /// <summary>A fresh, valid table/queue name prefix: lowercase letters and digits, starting with a letter.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Connector settings pointing at this run's emulators, isolated under <paramref name="prefix"/>.</summary>
    public Dictionary<string, string?> CreateSettings(string prefix)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["KeyVault:Uri"] = KeyVault.VaultUri.ToString(),
            ["KeyVault:EmulatorCertificatePath"] = KeyVault.CertificatePath,
        };

        // Trigger settings every host of the connector's functions needs (the Functions host has no defaults for
        // %...%): the test's own queues, and schedules that do not fire during a test (tests call the handlers).
        foreach (var (setting, name) in QueueNames.Defaults)
        {
            settings[setting] = prefix + "-" + name;
        }

        foreach (var schedule in Schedules)
        {
            settings[schedule] = NeverDuringATest;
        }

        return settings;
    }

    /// <summary>Midnight on January 1st.</summary>
    public const string NeverDuringATest = "0 0 0 1 1 *";

    public static readonly string[] Schedules = ["OrderPullSchedule", "InventoryPushSchedule", "TokenRefreshSchedule", "ProductSyncSchedule", "AfterSalesPullSchedule", "ListingsSchedule", "FinanceSyncSchedule", "DashboardRollupSchedule"];

    public IConfiguration CreateConfiguration(string prefix, IDictionary<string, string?>? extra = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(CreateSettings(prefix)).AddInMemoryCollection(extra ?? new Dictionary<string, string?>()).Build();

    public StorageClients CreateStorage(string prefix) => new(new StorageOptions { ConnectionString = Azurite.ConnectionString, TablePrefix = prefix });

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await KeyVault.DisposeAsync();
        await Azurite.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConnectorFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (ConnectorFunctions.sln) above " + AppContext.BaseDirectory);
    }
}
