using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Connector.Testing;

/// <summary>An Azurite process (from tools/node_modules, installed by npm ci) on free loopback ports.</summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};";

    public static async Task<Azurite> StartAsync(string repositoryRoot)
    {
        var executable = Path.Combine(repositoryRoot, "tools", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run `npm ci --prefix tools` (scripts/test.sh does).");
        }

        var ports = FreePorts(3);
        var (blob, queue, table) = (ports[0], ports[1], ports[2]);
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--silent", "--inMemoryPersistence", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("azurite: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, blob, queue, table);
        int? ExitCode() => process.HasExited ? process.ExitCode : null;
        await WaitForPortAsync(queue, "Azurite", ExitCode, TimeSpan.FromSeconds(30));
        await WaitForPortAsync(table, "Azurite", ExitCode, TimeSpan.FromSeconds(30));
        await WaitForPortAsync(blob, "Azurite", ExitCode, TimeSpan.FromSeconds(30));
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public static int FreePort() => FreePorts(1)[0];

    /// <summary>
    /// Ports free on loopback now, all different: every one is held until the last is chosen (the OS may hand out a
    /// port it just released again, and two services on one port fail to start).
    /// </summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>Waits until 127.0.0.1:<paramref name="port"/> accepts connections; fails at once if the process serving it exits.</summary>
    public static async Task WaitForPortAsync(int port, string name, Func<int?> exitCode, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (exitCode() is { } code)
            {
                throw new InvalidOperationException($"{name} exited (code {code}) before listening on {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{name} did not listen on {port} within {timeout.TotalSeconds:0} s.");
    }
}
