using System.Diagnostics;

namespace Connector.Soak;

/// <summary>A child process whose output goes to a log file, killed hard or stopped gently, started again at will.</summary>
public sealed class ChildProcess(string name, string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, string logFile)
{
    private Process? process;

    public string Name { get; } = name;

    public int Starts { get; private set; }

    public bool IsRunning => process is { HasExited: false };

    public int? ExitCode => process is { HasExited: true } p ? p.ExitCode : null;

    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is running already");
        }

        process?.Dispose();
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // exec: the shell becomes the child, so the pid we hold is the one we kill.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$SOAK_LOG\" 2>&1");
        start.ArgumentList.Add(command);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["SOAK_LOG"] = logFile;
        File.AppendAllText(logFile, $"---- {DateTimeOffset.UtcNow:HH:mm:ss.fff} start {Starts + 1} of {Name}\n");
        process = Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start");
        Starts++;
    }

    /// <summary>SIGKILL: no shutdown, nothing flushed, in-flight work simply stops.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process is not { HasExited: false } p)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(grace);
        try
        {
            await p.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }


    public static Task WaitForPortAsync(int port, ChildProcess owner, TimeSpan timeout) =>
        Connector.Testing.Azurite.WaitForPortAsync(port, owner.Name, () => owner.IsRunning ? null : owner.ExitCode ?? -1, timeout);
}
