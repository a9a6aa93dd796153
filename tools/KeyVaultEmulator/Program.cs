using KeyVaultEmulator;

// Standalone: dotnet run --project tools/KeyVaultEmulator -- --data .emulators/keyvault --port 7073
// Stops on Ctrl-C or SIGTERM (the web host's console lifetime).
var data = Arg("--data") ?? Path.Combine(Directory.GetCurrentDirectory(), ".emulators", "keyvault");
var port = int.Parse(Arg("--port") ?? "7073", System.Globalization.CultureInfo.InvariantCulture);
await using var server = await KeyVaultEmulatorServer.StartAsync(new KeyVaultEmulatorOptions { DataDirectory = Path.GetFullPath(data), Port = port });
Console.WriteLine($"Key Vault emulator listening on {server.VaultUri} (certificate {server.CertificatePath})");
await server.WaitForShutdownAsync(CancellationToken.None);

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
