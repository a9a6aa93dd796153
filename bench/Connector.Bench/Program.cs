using System.Diagnostics;
using Connector.Bench;
using Connector.Bench.Figures;

// scripts/bench.sh runs this: every figure beside its comparison, then bench/results/latest.json and the README table.
//   Connector.Bench [--quick] [--out <json>] [--readme <README.md>] [--no-readme] [--only <figure>]
//   Connector.Bench backfill <settings.json> <shopId>      (the child process of the backfill memory figure)
//   Connector.Bench listings <settings.json> <shopId>      (the child process of the listings push and its memory figure)
if (args.Length == 3 && args[0] == "backfill")
{
    return await BackfillMemoryBench.ChildAsync(args[1], args[2]);
}

if (args.Length == 3 && args[0] == "listings")
{
    return await ListingBench.ChildAsync(args[1], args[2]);
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

// A figure's size for a trial run on a busy machine (BENCH_ADMIN_SHOPS, BENCH_ADMIN_ORDERS); the suite uses the defaults.
static int Size(string variable, int fallback) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : fallback;

var quick = args.Contains("--quick");
var only = Option("--only");
var root = Connector.Testing.TestEnvironment.RepositoryRoot;
var output = Option("--out") ?? Path.Combine(root, "bench", "results", quick ? "quick.json" : Option("--only") is { } one ? one + ".json" : "latest.json");
var readme = args.Contains("--no-readme") || quick || args.Contains("--only") ? null : Option("--readme") ?? Path.Combine(root, "README.md");

// The whole suite must finish within 15 minutes on a 2-core machine (scripts/bench.sh kills it at 15).
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(14.5));
var ct = budget.Token;
var machine = Machine.Describe();
Console.WriteLine($"bench: {machine.Date}, {machine.LogicalCores} cores, {machine.Cpu}, {machine.Memory}, load {machine.LoadAverageAtStart}");
var total = Stopwatch.StartNew();
var figures = new List<Figure>();
var failed = false;

async Task RunAsync(string name, Func<Task<IEnumerable<Figure>>> figure)
{
    if (only is not null && only != name)
    {
        return;
    }

    Console.WriteLine($"==> {name}");
    var watch = Stopwatch.StartNew();
    try
    {
        figures.AddRange(await figure());
    }
    catch (Exception e)
    {
        failed = true;
        Console.Error.WriteLine($"{name} failed: {e}");
        figures.Add(Figure.NotMeasured(name, name, "failed in this run: " + e.GetType().Name + ": " + e.Message));
    }

    Console.WriteLine($"    ({watch.Elapsed.TotalSeconds:0.0} s)");
}

// The fan-out leaves tens of thousands of messages in Azurite's memory, which slows every later figure (Azurite is one
// Node.js thread): it gets an Azurite of its own, stopped before the other figures start.
if (only is null || only.StartsWith("fanout", StringComparison.Ordinal))
{
    await using var fanOutEnv = await BenchEnvironment.StartAsync();
    await RunAsync("fanout-10000", async () => [await FanOutBench.RunAsync(fanOutEnv, quick ? 1000 : 10_000, 3, null, ct)]);
    await RunAsync("fanout-1000-latency", async () => [await FanOutBench.RunAsync(fanOutEnv, quick ? 200 : 1000, 3, TimeSpan.FromMilliseconds(5), ct)]);
}

await using var env = await BenchEnvironment.StartAsync();
await RunAsync("import-10000", async () => await OrderImportBench.RunAsync(env, quick ? 1000 : 10_000, ct));
await RunAsync("inventory-50000", async () => [await InventoryBench.RunAsync(env, quick ? 500 : 5_000, 10, 0.01, ct)]);
await RunAsync("inventory-stock-out", async () => [await StockOutBench.RunAsync(env, quick ? 50 : 200, 5, TimeSpan.FromSeconds(quick ? 1 : 3), quick ? 2 : 3, ct)]);
await RunAsync("finance-month", async () => [await FinanceSyncBench.RunAsync(env, quick ? 300 : 3_000, ct)]);
await RunAsync("label-request", async () => [await LabelBench.RunAsync(env, quick ? 5 : 20, ct)]);
await RunAsync("webhook-latency", async () => [await WebhookBench.RunAsync(env, quick ? 20 : 40, TimeSpan.FromSeconds(quick ? 30 : 60), ct)]);
await RunAsync("listings-10000", async () => await ListingBench.RunAsync(env, quick ? 1000 : 10_000, 0.01, ct));
await RunAsync("load-200", async () => [await LoadBench.RunAsync(env, 200, TimeSpan.FromSeconds(quick ? 10 : 60), ct)]);
await RunAsync("admin-reads", async () => await AdminReadsBench.RunAsync(env, quick ? 1_000 : Size("BENCH_ADMIN_SHOPS", 10_000), quick ? 10_000 : Size("BENCH_ADMIN_ORDERS", 50_000), ct));
await RunAsync("backfill-memory", async () => [await BackfillMemoryBench.RunAsync(env, quick ? 5000 : 100_000, TimeSpan.FromMinutes(5), ct)]);

total.Stop();
machine.LoadAverageAtEnd = Machine.LoadAverage();
if (failed)
{
    // Keep the last good figures in the README and latest.json; this run's go beside them.
    output = Path.Combine(Path.GetDirectoryName(output)!, "failed.json");
    readme = null;
}

await Report.WriteJsonAsync(output, machine, total.Elapsed, figures);
var markdown = Report.Markdown(machine, total.Elapsed, figures);
Console.WriteLine();
Console.WriteLine(markdown);
if (readme is not null)
{
    await Report.WriteReadmeAsync(readme, markdown);
    Console.WriteLine($"wrote {output} and the Performance section of {readme}");
}
else
{
    Console.WriteLine($"wrote {output}");
}

Console.WriteLine($"bench: {total.Elapsed.TotalSeconds:0} s{(failed ? ", some figures FAILED" : "")}");
return failed ? 1 : 0;
