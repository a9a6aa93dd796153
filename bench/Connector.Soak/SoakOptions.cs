using System.Globalization;

namespace Connector.Soak;

/// <summary>
/// How long and how hard: <c>--short</c> (under 2 minutes, for scripts/test.sh) or the full soak (under 10 minutes),
/// <c>--seed</c> for the random choices, <c>--shops</c>, <c>--duration</c> and <c>--settle</c> in seconds.
/// </summary>
public sealed record SoakOptions
{
    public int Seed { get; init; } = 20261124;
    public int Shops { get; init; } = 6;
    public int InitialOrdersPerShop { get; init; } = 300;
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(7);
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Seconds between worker kills: drawn between these.</summary>
    public (int Min, int Max) KillEvery { get; init; } = (10, 30);

    public (int Min, int Max) ExpireTokensEvery { get; init; } = (10, 25);

    public string? DataDirectory { get; init; }

    public bool Short { get; init; }

    public static SoakOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int? Int(string name) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        var isShort = args.Contains("--short");
        var options = isShort
            ? new SoakOptions
            {
                Short = true, Shops = 3, InitialOrdersPerShop = 150, Duration = TimeSpan.FromSeconds(45), Settle = TimeSpan.FromSeconds(60),
                KillEvery = (8, 15), ExpireTokensEvery = (8, 15),
            }
            : new SoakOptions();
        return options with
        {
            Seed = Int("--seed") ?? options.Seed,
            Shops = Int("--shops") ?? options.Shops,
            Duration = Int("--duration") is { } d ? TimeSpan.FromSeconds(d) : options.Duration,
            Settle = Int("--settle") is { } s ? TimeSpan.FromSeconds(s) : options.Settle,
            DataDirectory = Value("--data"),
        };
    }
}
