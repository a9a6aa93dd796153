using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.Orders;
using Connector.Storage;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Bench.Figures;

/// <summary>
/// Peak memory of a worker importing a 100,000-order backfill: the pull runs in a child process (this program with
/// <c>backfill</c>), against the parent's Azurite, Key Vault emulator and simulator, so neither the simulator's orders
/// nor the bench's own data count. The child reports its peak resident set (VmHWM) before and after the pull.
/// </summary>
public static class BackfillMemoryBench
{
    public static async Task<Figure> RunAsync(BenchEnvironment env, int orders, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        var settings = env.Settings(prefix, app);
        BenchShop shop;
        await using (var seeding = BenchEnvironment.BuildServices(settings))
        {
            shop = await env.CreateShopAsync(seeding, app, orders, seed: 100, cancellationToken);
        }

        var settingsFile = Path.Combine(Path.GetTempPath(), $"connector-bench-{prefix}.json");
        await File.WriteAllTextAsync(settingsFile, JsonSerializer.Serialize(settings), cancellationToken);
        try
        {
            var report = await RunChildAsync("backfill", settingsFile, shop.ShopId, timeout, cancellationToken);
            var storage = env.Emulators.CreateStorage(prefix);
            var storedIds = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var entity in storage.Table(OrderStore.TableName).QueryAsync<TableEntity>(
                               $"PartitionKey eq '{shop.ShopId}' and RowKey lt '{OrderVersionDay.OrdersBefore}'", maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                storedIds.Add(entity.RowKey);
            }

            var expected = await env.ExpectedAfterPullAsync(new OrderPullCheckpointStore(storage), shop.ShopId, cancellationToken);
            if (!expected.SetEquals(storedIds))
            {
                throw new InvalidOperationException($"backfill stored {storedIds.Count} orders, the simulator has {expected.Count} importable in the window");
            }

            var stored = storedIds.Count;

            var peakMb = report.PeakKb / 1024.0;
            var idleMb = report.IdlePeakKb / 1024.0;
            Console.WriteLine($"  backfill: {stored} orders in {report.Seconds:0.0} s, peak {peakMb:0} MiB (idle {idleMb:0} MiB), managed heap {report.ManagedHeapBytes / 1048576.0:0} MiB");
            return new Figure
            {
                Id = "backfill-memory",
                Title = $"Peak memory of a worker importing a {orders:N0}-order backfill (one shop, child process)",
                Connector = $"{Figure.N(peakMb)} MiB peak resident set",
                Comparison = $"{Figure.N(idleMb)} MiB for the same worker before the pull (runtime and services loaded)",
                Ratio = $"+{Figure.N(peakMb - idleMb)} MiB for {stored:N0} orders",
                Notes = $"{stored:N0} importable orders stored in {report.Seconds:0} s ({stored / report.Seconds:0} orders/s); VmHWM from /proc; workstation GC, as the isolated worker",
                Data = new()
                {
                    ["generated"] = orders,
                    ["stored"] = stored,
                    ["seconds"] = Math.Round(report.Seconds, 1),
                    ["peakResidentKiB"] = report.PeakKb,
                    ["idleResidentKiB"] = report.IdlePeakKb,
                    ["managedHeapBytesAfter"] = report.ManagedHeapBytes,
                    ["totalAllocatedBytes"] = report.TotalAllocatedBytes,
                    ["gen2Collections"] = report.Gen2Collections,
                    ["serverGc"] = report.ServerGc,
                },
            };
        }
        finally
        {
            File.Delete(settingsFile);
        }
    }

    /// <summary>Runs this program as a child (<paramref name="mode"/>: backfill or listings) and reads its report.</summary>
    internal static async Task<ChildReport> RunChildAsync(string mode, string settingsFile, string shopId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BackfillMemoryBench).Assembly.Location);
        }

        // The worker runs with the app's gen0 budget from infra/ (DOTNET_GCgen0size), so the child does too.
        if (System.Text.RegularExpressions.Regex.Match(
                await File.ReadAllTextAsync(Path.Combine(Connector.Testing.TestEnvironment.RepositoryRoot, "infra", "modules", "function-app.bicep"), cancellationToken),
                @"DOTNET_GCgen0size:\s*'([^']+)'") is { Success: true } gen0)
        {
            start.Environment["DOTNET_GCgen0size"] = gen0.Groups[1].Value;
        }

        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(settingsFile);
        start.ArgumentList.Add(shopId);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("the backfill child did not start");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        string? last = null;
        try
        {
            while (await child.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                Console.WriteLine("  [child] " + line);
                last = line;
            }

            await child.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"the {mode} child did not finish within {timeout}");
        }

        if (child.ExitCode != 0 || last is null || !last.StartsWith('{'))
        {
            throw new InvalidOperationException($"the {mode} child failed (exit code {child.ExitCode})");
        }

        return JsonSerializer.Deserialize<ChildReport>(last)!;
    }

    /// <summary>The child: build the worker's services, pull the shop once, print the report as the last line.</summary>
    public static async Task<int> ChildAsync(string settingsFile, string shopId)
    {
        var settings = JsonSerializer.Deserialize<Dictionary<string, string?>>(await File.ReadAllTextAsync(settingsFile))!;
        await using var services = BenchEnvironment.BuildServices(settings);
        var handler = services.GetRequiredService<OrderPullHandler>();
        await services.GetRequiredService<StorageClients>().TableAsync(OrderStore.TableName, CancellationToken.None);
        GC.Collect();
        var idle = ResidentPeakKb();
        var watch = Stopwatch.StartNew();
        await handler.HandleAsync(new OrderPullMessage(shopId), CancellationToken.None);
        watch.Stop();
        var report = new ChildReport(
            watch.Elapsed.TotalSeconds, idle, ResidentPeakKb(), GC.GetGCMemoryInfo().HeapSizeBytes, GC.GetTotalAllocatedBytes(), GC.CollectionCount(2),
            System.Runtime.GCSettings.IsServerGC);
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    /// <summary>VmHWM: the peak resident set size of this process so far, in KiB.</summary>
    internal static long ResidentPeakKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return Environment.WorkingSet / 1024;
    }

    public sealed record ChildReport(double Seconds, long IdlePeakKb, long PeakKb, long ManagedHeapBytes, long TotalAllocatedBytes, int Gen2Collections, bool ServerGc);
}
