using System.Collections.Concurrent;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.TikTok;

/// <summary>One TikTok app as the connector uses it; the secret is fetched separately and never printed.</summary>
public sealed record TikTokApp(string AppKey, string? ServiceId, IReadOnlyList<string> Regions)
{
    /// <summary>The app's seller authorization page (current form): its own setting, else the US or non-US default.</summary>
    public Uri? AuthorizeUrl { get; init; }

    /// <summary>An app of TikTok's US Partner Center (it serves US sellers): its authorization link is on the US host.</summary>
    public bool IsUsApp => Regions.Contains("US", StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the app serves sellers of <paramref name="region"/> (an app with no regions serves any).</summary>
    public bool Serves(string region) =>
        Regions.Count == 0 || Regions.Contains("*") || Regions.Contains(region, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The configured TikTok apps (TikTok issues separate US and non-US apps). An onboarding link picks the app by the
/// seller's region; every later call for a shop uses the app that authorized it (its key travels with the token).
/// App secrets come from the settings (a Key Vault reference in Azure) or are read from Key Vault by secret name.
/// </summary>
public sealed class TikTokApps
{
    private readonly Dictionary<string, (TikTokApp App, TikTokAppOptions Options)> apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Secret, DateTimeOffset ReadAt)> secrets = new(StringComparer.Ordinal);
    private readonly IServiceProvider services;
    private readonly TimeProvider time;
    private readonly TimeSpan secretCacheDuration;

    public TikTokApps(IOptions<TikTokOptions> options, IServiceProvider services, TimeProvider time)
    {
        this.services = services;
        this.time = time;
        secretCacheDuration = options.Value.AppSecretCacheDuration;
        var list = new List<TikTokApp>();
        foreach (var app in options.Value.AllApps())
        {
            var entry = Describe(app, options.Value);
            apps.TryAdd(app.AppKey, (entry, app));
            list.Add(entry);
        }

        All = list;
    }

    public IReadOnlyList<TikTokApp> All { get; }

    /// <summary>An app as configured: its regions and its authorization page (its own, else the US or non-US default).</summary>
    public static TikTokApp Describe(TikTokAppOptions app, TikTokOptions options)
    {
        var regions = (app.Regions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entry = new TikTokApp(app.AppKey, app.ServiceId, regions);
        return entry with { AuthorizeUrl = app.AuthorizeUrl ?? (entry.IsUsApp ? options.AuthorizeUrlUs : options.AuthorizeUrlCurrent) };
    }

    /// <summary>The first configured app (used when nothing names one).</summary>
    public TikTokApp Default => All.Count > 0 ? All[0] : throw new InvalidOperationException("No TikTok app is configured (TikTok:AppKey).");

    public TikTokApp? Find(string? appKey) => appKey is not null && apps.TryGetValue(appKey, out var entry) ? entry.App : null;

    /// <summary>The app for sellers of <paramref name="region"/>: the first naming the region, else the first serving any.</summary>
    public TikTokApp? ForRegion(string region) =>
        All.FirstOrDefault(a => a.Regions.Contains(region, StringComparer.OrdinalIgnoreCase)) ?? All.FirstOrDefault(a => a.Serves(region));

    /// <summary>The app of <paramref name="appKey"/>, or the default app when none is named; unknown keys throw.</summary>
    public TikTokApp Resolve(string? appKey) =>
        appKey is null ? Default : Find(appKey) ?? throw new InvalidOperationException($"TikTok app {appKey} is not configured.");

    /// <summary>The app secret: from the settings, or from Key Vault (cached for TikTok:AppSecretCacheDuration).</summary>
    public async ValueTask<string> GetSecretAsync(TikTokApp app, CancellationToken cancellationToken)
    {
        var options = apps[app.AppKey].Options;
        if (!string.IsNullOrEmpty(options.AppSecret))
        {
            return options.AppSecret;
        }

        var now = time.GetUtcNow();
        if (secrets.TryGetValue(app.AppKey, out var cached) && now - cached.ReadAt < secretCacheDuration)
        {
            return cached.Secret;
        }

        var client = services.GetRequiredService<SecretClient>();
        var secret = (await client.GetSecretAsync(options.AppSecretName, cancellationToken: cancellationToken)).Value.Value;
        secrets[app.AppKey] = (secret, now);
        return secret;
    }
}
