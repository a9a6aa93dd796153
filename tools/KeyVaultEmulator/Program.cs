using KeyVaultEmulator;

// Standalone: dotnet run --project tools/KeyVaultEmulator -- --data .emulators/keyvault --port 7073
var data = Arg("--data") ?? Path.Combine(Directory.GetCurrentDirectory(), ".emulators", "keyvault");
var port = int.Parse(Arg("--port") ?? "7073", System.Globalization.CultureInfo.InvariantCulture);
await using var server = await KeyVaultEmulatorServer.StartAsync(new KeyVaultEmulatorOptions { DataDirectory = Path.GetFullPath(data), Port = port });
Console.WriteLine($"Key Vault emulator listening on {server.VaultUri} (certificate {server.CertificatePath})");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
