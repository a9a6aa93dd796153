using System.Globalization;
using TikTokSimulator;

// Standalone: dotnet run --project tools/TikTokSimulator -- [--port 7072] [--app-key K] [--app-secret S] [--service-id ID] [--callback-url URL]
//             [--state-file PATH]: keep sellers, shops, tokens, orders and products in PATH across restarts
var options = new SimulatorOptions { Port = 7072, ConsoleLogging = true };
string Arg(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

options.Port = int.Parse(Arg("--port", "7072"), CultureInfo.InvariantCulture);
options.StateFile = Arg("--state-file", "") is { Length: > 0 } stateFile ? stateFile : null;
options.Apps.Add(new SimApp(
    Arg("--app-key", "sim-app-key"),
    Arg("--app-secret", "sim-app-secret"),
    Arg("--service-id", "sim-service"),
    Arg("--callback-url", "http://127.0.0.1:7071/api/tiktok/callback")));

await using var server = await TikTokSimulatorServer.StartAsync(options, CancellationToken.None);
Console.WriteLine($"TikTok Shop simulator listening on {server.BaseUri} (app key {options.Apps[0].AppKey}); control API under {server.BaseUri}_sim/"
    + (options.StateFile is null ? "" : $"; state kept in {options.StateFile}"));
await server.WaitForShutdownAsync();
