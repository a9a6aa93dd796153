using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Connector.DeployTests;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (restored by PackageDownload).</summary>
internal static class BicepCli
{
    private static readonly Lazy<Task<BicepBuild>> MainBuild = new(() => Build(Repository.PathOf("infra", "main.bicep")));

    /// <summary>infra/main.bicep compiled once per test run.</summary>
    public static Task<BicepBuild> BuildMain() => MainBuild.Value;

    public static string Executable
    {
        get
        {
            var path = Path.Combine(Repository.BicepPackageDirectory, "tools", OperatingSystem.IsWindows() ? "bicep.exe" : "bicep");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The Bicep CLI is not at {path}: restore tests/Connector.DeployTests (PackageDownload Azure.Bicep.CommandLine.linux-x64).");
            }

            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(path);
                const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
                if ((mode & UnixFileMode.UserExecute) == 0)
                {
                    File.SetUnixFileMode(path, mode | execute);
                }
            }

            return path;
        }
    }

    public static async Task<BicepBuild> Build(string bicepFile)
    {
        var outputDirectory = Directory.CreateTempSubdirectory("bicep-");
        try
        {
            var outFile = Path.Combine(outputDirectory.FullName, "main.json");
            var start = new ProcessStartInfo(Executable)
            {
                ArgumentList = { "build", bicepFile, "--outfile", outFile },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Repository.Root,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            var diagnostics = ((await stdout) + (await stderr))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToList();
            var template = process.ExitCode == 0 && File.Exists(outFile)
                ? JsonNode.Parse(await File.ReadAllTextAsync(outFile))?.AsObject()
                : null;
            return new BicepBuild(process.ExitCode, diagnostics, template);
        }
        finally
        {
            outputDirectory.Delete(recursive: true);
        }
    }
}

/// <summary>What <c>bicep build</c> said, and the ARM template it wrote.</summary>
internal sealed record BicepBuild(int ExitCode, IReadOnlyList<string> Diagnostics, JsonObject? Template)
{
    public JsonObject RequireTemplate() =>
        Template ?? throw new AssertionException($"bicep build failed (exit {ExitCode}):\n{string.Join('\n', Diagnostics)}");

    /// <summary>Every resource in the template and its nested deployments (modules).</summary>
    public IEnumerable<JsonObject> Resources() => ResourcesOf(RequireTemplate());

    /// <summary>The names of the function app's app settings (the properties of its <c>config/appsettings</c>).</summary>
    public IReadOnlySet<string> AppSettings() =>
        Resources()
            .Where(r => (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"] ?? "").Contains("appsettings", StringComparison.Ordinal))
            .SelectMany(r => r["properties"]?.AsObject().Select(p => p.Key) ?? [])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> Outputs() =>
        (RequireTemplate()["outputs"]?.AsObject().Select(o => o.Key) ?? []).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template)
    {
        // Language version 2.0 templates keep resources in an object keyed by symbolic name; 1.0 in an array.
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in ResourcesOf(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
